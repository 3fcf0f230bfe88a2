/** What the importer returns and the shapes its layout readers hand to the task builder. */
import type { Directory } from '../directory';
import type { Plan, Task } from '../plan';

export type Severity = 'error' | 'warning';

/** Something wrong or doubtful in the source, told to the user in Vietnamese. */
export type Problem = {
  file: string;
  /** Line (text files) or row (spreadsheets) in the source, 1-based; 0 when it concerns the whole file. */
  row: number;
  /** Header of the column as written in the source; null when it concerns the whole row or file. */
  column: string | null;
  message: string;
  severity: Severity;
};

export type ImportResult = { plan: Plan; tasks: Task[]; problems: Problem[] };

/** Plan facts the document lacks (or that override it), as given on the command line. */
export type PlanOptions = {
  /** Plan id; by default derived from the number and issue year, or from the title. */
  id?: string;
  number?: string;
  issuer?: string;
  /** YYYY-MM-DD or dd/mm/yyyy. */
  issuedOn?: string;
  title?: string;
  year?: number;
  /** Directory jurisdiction id or name. */
  jurisdiction?: string;
  /** Column roles chosen by the user (`--column "Tên cột=task"`): folded header → role. */
  columns?: Map<string, ColumnRole>;
};

export type ImportOptions = PlanOptions & {
  /** The agency directory; importPlanFile reads config/agencies.json when it is not given. */
  directory?: Directory;
};

/** The roles a column can play, whatever its header says. */
export type ColumnRole =
  | 'ref'
  | 'stt'
  | 'area'
  | 'group'
  | 'objective'
  | 'task'
  | 'activity'
  | 'product'
  | 'lead'
  | 'coordinating'
  | 'deadline'
  | 'budget'
  | 'notes'
  /** A known column the task keeps without acting on it (responsible leader, a second product column …). */
  | 'extra';

/** One task as read from the source, before agencies, deadline and budget are interpreted. */
export type RawTask = {
  ref: string;
  /** Source line or row where the task's row starts. */
  row: number;
  area: string | null;
  group: string | null;
  objective: string | null;
  task: string | null;
  activity: string | null;
  product: string | null;
  lead: string;
  coordinating: string;
  deadline: string;
  budget: string | number | null;
  notes: string | null;
  context: string | null;
  /** Header text of each column, for problems. */
  headers: Partial<Record<ColumnRole, string>>;
  /** Multiplier from the budget column's unit to millions of VND (1 for "Triệu đồng"). */
  budgetUnit: number;
};

export type LayoutResult = { rows: RawTask[]; problems: Problem[] };

/** A file that cannot be imported at all (no table, no year, unknown jurisdiction …). */
export class ImportError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}${p.row > 0 ? `:${p.row}` : ''}: ${p.message}`).join('\n'));
    this.name = 'ImportError';
  }
}
