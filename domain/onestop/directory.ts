/**
 * A file's agencies checked against the agency directory: names and aliases become the canonical
 * names messages are addressed to, and a missing jurisdiction is taken from the receiving unit.
 */
import type { Directory } from '../directory';
import { findAgency } from '../messages/recipients';
import type { OneStopFileInput } from './file';
import { nameKey } from '../messages/text';

export type ResolvedAgencies = { file: OneStopFileInput; problems: string[] };

export function resolveFileAgencies(input: OneStopFileInput, directory: Directory): ResolvedAgencies {
  const problems: string[] = [];
  const canonical = (name: string, field: string) => {
    const agency = findAgency(directory, name);
    if (!agency) problems.push(`${field}: "${name}" không có trong danh bạ cơ quan (thêm cơ quan hoặc tên gọi khác vào danh bạ).`);
    return agency;
  };
  const desk = typeof input.receivingUnit === 'string' ? canonical(input.receivingUnit, 'receivingUnit') : undefined;
  const agencies = Array.isArray(input.agencies)
    ? input.agencies.map((name, i) => canonical(String(name), `agencies.${i}`)?.name ?? String(name))
    : input.agencies;
  if (Array.isArray(input.agencies) && Array.isArray(agencies)) problems.push(...repeatedAgencies(input.agencies.map(String), agencies.map(String)));
  const jurisdiction = input.jurisdiction || desk?.jurisdiction || '';
  if (!jurisdiction) problems.push('jurisdiction: không xác định được đơn vị hành chính của nơi tiếp nhận.');
  else if (!directory.jurisdictions.some((j) => j.id === jurisdiction)) problems.push(`jurisdiction: "${jurisdiction}" không có trong danh bạ.`);
  return { file: { ...input, receivingUnit: desk?.name ?? input.receivingUnit, agencies, jurisdiction }, problems };
}

/**
 * One agency named twice in a file's order, directly or through another of its names ("Phòng Tư
 * pháp" and "Phòng TP"): one problem per repeat, naming both spellings and the directory's name.
 */
function repeatedAgencies(written: string[], canonical: string[]): string[] {
  const problems: string[] = [];
  const first = new Map<string, number>();
  canonical.forEach((name, i) => {
    const key = nameKey(name);
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, i);
      return;
    }
    const same = nameKey(written[at]!) === nameKey(written[i]!);
    problems.push(
      same
        ? `agencies.${i}: "${written[i]}" được ghi hai lần trong quy trình giải quyết (vị trí ${at + 1} và ${i + 1}).`
        : `agencies.${i}: "${written[i]}" và "${written[at]}" (vị trí ${at + 1}) là cùng một cơ quan (${name}); mỗi cơ quan chỉ ghi một lần trong quy trình giải quyết.`,
    );
  });
  return problems;
}

/** The jurisdiction of a receiving unit, for CSV rows that do not name one. */
export function jurisdictionOfUnit(directory: Directory, unit: string): string | undefined {
  return findAgency(directory, unit)?.jurisdiction;
}
