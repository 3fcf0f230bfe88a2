/**
 * The standard structure of a province's bodies after the 2025 reorganisation
 * (config/structures/province-2025.json), and a new jurisdiction made from it by naming the province:
 * every provincial department with its usual abbreviations, the monitoring office, the public
 * administration service centre and the groups plans name ("Các sở, ban, ngành tỉnh"). Contacts are
 * left for the admin to fill in. Former names of merged departments are kept apart ("formerly") so a
 * draft can say which body an old name now is, without resolving it silently.
 */
import { z } from 'zod';
import { DirectorySchema, type Directory } from './directory';
import { foldKey } from './agencies';

const BodySchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  formerly: z.array(z.string()).default([]),
  monitor: z.boolean().optional(),
  note: z.string().optional(),
});

export const StructureSchema = z.object({
  name: z.string(),
  basis: z.string(),
  province: z.array(BodySchema),
  commune: z.array(BodySchema),
  groups: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      aliases: z.array(z.string()).default([]),
      members: z.enum(['province', 'communes']),
      role: z.boolean().optional(),
      note: z.string().optional(),
    }),
  ),
});
export type Structure = z.infer<typeof StructureSchema>;

export const PROVINCE_STRUCTURE_FILE = new URL('../config/structures/province-2025.json', import.meta.url);

/** "Quảng Trị" → "quang-tri". */
export function jurisdictionSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/^(?:tinh|thanh pho)\s+/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** "Quảng Trị" or "Tỉnh Quảng Trị" → "Tỉnh Quảng Trị"; "Thành phố Huế" stays. */
export function provinceName(name: string): string {
  const n = name.trim().replace(/\s+/g, ' ');
  return /^(?:tỉnh|thành phố)\s/iu.test(n) ? n.charAt(0).toUpperCase() + n.slice(1) : `Tỉnh ${n}`;
}

/**
 * A directory with a new jurisdiction built from the structure, added to `base` (which must not
 * have it already). Agency ids are "<jurisdiction>-<key>"; contacts are empty, to be filled in.
 */
export function directoryFromStructure(structure: Structure, province: string, base: Directory = { jurisdictions: [], agencies: [], groups: [] }): Directory {
  const name = provinceName(province);
  const id = jurisdictionSlug(name);
  if (base.jurisdictions.some((j) => j.id === id || foldKey(j.name) === foldKey(name))) {
    throw new Error(`Danh bạ đã có đơn vị hành chính "${name}".`);
  }
  const place = name.replace(/^(?:tỉnh|thành phố)\s+/iu, '');
  const agencies = structure.province.map((b) => ({
    id: `${id}-${b.key}`,
    name: b.name,
    jurisdiction: id,
    aliases: [...b.aliases, ...(/tỉnh$/u.test(b.name) ? [`${b.name} ${place}`] : [])],
    contacts: { officer: [], head: [] },
    digest: false,
    ...(b.note ? { note: b.note } : {}),
  }));
  const monitor = structure.province.find((b) => b.monitor) ?? structure.province[0]!;
  const groups = structure.groups.map((g) => ({
    id: `${id}-${g.key}`,
    name: g.name,
    jurisdiction: id,
    aliases: g.aliases,
    members: g.members === 'province' ? agencies.filter((a) => !/văn phòng|công an|quân sự/iu.test(a.name)).map((a) => a.id) : [`${id}-${monitor.key}`],
    ...(g.role ? { role: true } : {}),
    ...(g.note ? { note: g.note } : {}),
  }));
  return DirectorySchema.parse({
    jurisdictions: [
      ...base.jurisdictions,
      {
        id,
        name,
        monitor: `${id}-${monitor.key}`,
        chair: {
          name: `Chủ tịch UBND ${name.charAt(0).toLowerCase()}${name.slice(1)} (cần cập nhật)`,
          email: `chu-tich@${id}.example`,
          title: 'Chủ tịch UBND tỉnh',
        },
      },
    ],
    agencies: [...base.agencies, ...agencies],
    groups: [...base.groups, ...groups],
  });
}

/** The former names of merged departments and the body each is now: "Sở KH&ĐT" → "Sở Tài chính". */
export function formerNames(structure: Structure): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of structure.province) for (const f of b.formerly) out.set(foldKey(f), b.name);
  return out;
}
