/**
 * Jurisdictions form a tree: a province above its districts. A monitoring office acts within its
 * own jurisdiction and reads its own and every jurisdiction below it.
 */
import type { Directory } from './directory';

/** The jurisdiction and its parents, nearest first; stops at a cycle or an unknown parent. */
export function ancestry(directory: Pick<Directory, 'jurisdictions'>, id: string): string[] {
  const byId = new Map(directory.jurisdictions.map((j) => [j.id, j]));
  const chain: string[] = [];
  for (let current = byId.get(id); current && !chain.includes(current.id); current = current.parent ? byId.get(current.parent) : undefined) {
    chain.push(current.id);
  }
  return chain;
}

/** The jurisdiction and every jurisdiction below it. */
export function subtree(directory: Pick<Directory, 'jurisdictions'>, id: string): string[] {
  if (!directory.jurisdictions.some((j) => j.id === id)) return [];
  return directory.jurisdictions.filter((j) => ancestry(directory, j.id).includes(id)).map((j) => j.id);
}

/** True when `inner` is `outer` or lies below it. */
export function isWithin(directory: Pick<Directory, 'jurisdictions'>, inner: string, outer: string): boolean {
  return ancestry(directory, inner).includes(outer);
}

/**
 * What a directory must hold together, beyond its schema: unique ids, monitors and parents that
 * exist, no cycle, at least one jurisdiction and a known one for every agency and group. Each problem names its field, in Vietnamese.
 */
export function directoryProblems(directory: Directory): string[] {
  const problems: string[] = [];
  if (directory.jurisdictions.length === 0) problems.push('jurisdictions: danh bạ phải có ít nhất một đơn vị hành chính.');
  const duplicates = (kind: string, field: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.push(`${field}.${i}.id: mã ${kind} "${id}" bị trùng.`);
      seen.add(id);
    });
  };
  duplicates(
    'đơn vị hành chính',
    'jurisdictions',
    directory.jurisdictions.map((j) => j.id),
  );
  duplicates(
    'cơ quan',
    'agencies',
    directory.agencies.map((a) => a.id),
  );
  duplicates(
    'nhóm cơ quan',
    'groups',
    directory.groups.map((g) => g.id),
  );
  const agencyIds = new Set(directory.agencies.map((a) => a.id));
  for (const g of directory.groups) if (agencyIds.has(g.id)) problems.push(`groups: mã "${g.id}" đã là mã của một cơ quan.`);
  const jurisdictionIds = new Set(directory.jurisdictions.map((j) => j.id));
  const agencies = new Map(directory.agencies.map((a) => [a.id, a]));
  directory.jurisdictions.forEach((j, i) => {
    const monitor = agencies.get(j.monitor);
    if (!monitor) problems.push(`jurisdictions.${i}.monitor: cơ quan "${j.monitor}" không có trong danh sách cơ quan.`);
    else if (monitor.jurisdiction !== j.id)
      problems.push(`jurisdictions.${i}.monitor: cơ quan "${j.monitor}" thuộc đơn vị hành chính khác ("${monitor.jurisdiction}").`);
    if (j.parent !== undefined) {
      if (!jurisdictionIds.has(j.parent)) problems.push(`jurisdictions.${i}.parent: đơn vị hành chính cấp trên "${j.parent}" không có trong danh bạ.`);
      else if (j.parent === j.id || ancestry(directory, j.parent).includes(j.id))
        problems.push(`jurisdictions.${i}.parent: quan hệ cấp trên của "${j.id}" tạo thành vòng lặp.`);
    }
  });
  directory.agencies.forEach((a, i) => {
    if (!jurisdictionIds.has(a.jurisdiction)) problems.push(`agencies.${i}.jurisdiction: đơn vị hành chính "${a.jurisdiction}" không có trong danh bạ.`);
  });
  directory.groups.forEach((g, i) => {
    if (!jurisdictionIds.has(g.jurisdiction)) problems.push(`groups.${i}.jurisdiction: đơn vị hành chính "${g.jurisdiction}" không có trong danh bạ.`);
    g.members.forEach((m, k) => {
      if (!agencyIds.has(m)) problems.push(`groups.${i}.members.${k}: cơ quan "${m}" không có trong danh sách cơ quan.`);
    });
  });
  return problems;
}
