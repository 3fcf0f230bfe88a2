/**
 * The agency directory: who exists, how their names are written, which groups stand for which
 * members, and whom to contact in each role. Loaded from config/agencies.json, editable by admins.
 */
import { z } from 'zod';

export const ContactRoleSchema = z.enum(['officer', 'head']);
export type ContactRole = z.infer<typeof ContactRoleSchema>;

export const ContactSchema = z.object({
  name: z.string().min(1),
  email: z.email(),
  title: z.string().optional(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const AgencySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Canonical name, as it is written in documents. */
  name: z.string().min(1),
  jurisdiction: z.string(),
  /** Other spellings and abbreviations ("VP UBND tỉnh"). */
  aliases: z.array(z.string()).default([]),
  contacts: z.object({ officer: z.array(ContactSchema).default([]), head: z.array(ContactSchema).default([]) }).default({ officer: [], head: [] }),
  /** One daily email instead of one email per event (escalations stay immediate). */
  digest: z.boolean().default(false),
  /** Admin's remark shown at import, e.g. for a collective recipient ("UBND các xã, phường, thị trấn"). */
  note: z.string().optional(),
});
export type Agency = z.infer<typeof AgencySchema>;

export const AgencyGroupSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  jurisdiction: z.string(),
  aliases: z.array(z.string()).default([]),
  /** Agency ids. */
  members: z.array(z.string()).min(1),
  /**
   * A role rather than a fixed set ("Cơ quan soạn thảo văn bản QPPL", "Các cơ quan, đơn vị có liên
   * quan"): the members are who may fill it. The importer warns when a task names a role.
   */
  role: z.boolean().optional(),
  /** Admin's remark shown at import (what the role means, whom to assign). */
  note: z.string().optional(),
});
export type AgencyGroup = z.infer<typeof AgencyGroupSchema>;

/** A province, district or commune: its monitoring office (Văn phòng UBND) and its chair. */
export const JurisdictionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Id of the jurisdiction above it (the province of a district); absent at the top. */
  parent: z.string().optional(),
  /** Agency id of Văn phòng UBND (or Văn phòng HĐND và UBND). */
  monitor: z.string(),
  chair: ContactSchema,
});
export type Jurisdiction = z.infer<typeof JurisdictionSchema>;

export const DirectorySchema = z.object({
  jurisdictions: z.array(JurisdictionSchema),
  agencies: z.array(AgencySchema),
  groups: z.array(AgencyGroupSchema),
});
export type Directory = z.infer<typeof DirectorySchema>;
