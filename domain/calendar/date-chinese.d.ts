/**
 * The part of `date-chinese` this project uses. The package ships typings, but its package.json
 * "exports" map hides them from `moduleResolution: Bundler`, so they are declared here.
 */
declare module 'date-chinese' {
  export interface GregorianDate {
    year: number;
    month: number;
    day: number;
  }

  /** Vietnamese lunisolar calendar: the Chinese rules computed for the UTC+7 meridian. */
  export class CalendarVietnamese {
    constructor(cycle?: number, year?: number, month?: number, leap?: boolean, day?: number);
    set(cycle: number, year: number, month: number, leap: boolean, day: number): this;
    /** [cycle, year in cycle, month, leap, day] */
    get(): [number, number, number, boolean, number];
    fromGregorian(year: number, month: number, day: number): this;
    toGregorian(gyear?: number): GregorianDate;
  }
}
