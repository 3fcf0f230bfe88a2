/**
 * Who receives a message: recipients named by role ("the head of Sở Tư pháp", "the monitoring
 * office of the province") looked up in the agency directory at send time. A recipient that
 * cannot be reached is returned as undeliverable with the reason, never dropped.
 *
 * A lead kept as the plan wrote it — a kind of unit ("Chủ tịch UBND các xã"), a body outside the
 * directory (a ministry, a business) — is nobody's address: its notices go to the monitoring office
 * of the task's jurisdiction, which assigns the task, and say so ("để phân công … thay cho …").
 */
import type { Agency, Contact, ContactRole, Directory, Jurisdiction } from '../directory';
import type { Recipient } from '../notification';
import { nameKey } from './text';
import { ancestry } from '../jurisdictions';

export type ResolvedContact = {
  name: string;
  email: string;
  role: ContactRole | 'chair';
  /** The agency the contact works for; null for a jurisdiction's chair. */
  agencyId: string | null;
  agencyName: string;
  /** The agency asked for one daily email instead of one per event. */
  digest: boolean;
  /** Jurisdiction id of the agency (or of the chair). */
  jurisdiction: string;
};

export type UndeliverableRecipient = {
  recipient: Recipient;
  /** Who it was meant for, in Vietnamese ("Thủ trưởng Sở Tư pháp"). */
  who: string;
  /** Why, in Vietnamese. */
  reason: string;
};

export type RecipientResolution = {
  /** Distinct by email address, in the order the recipients were named. */
  contacts: ResolvedContact[];
  undeliverable: UndeliverableRecipient[];
  /** "Kính gửi" line: the resolved recipients in Vietnamese, joined with "; ". */
  description: string;
  /** Roles that had no contact and went to the agency's other role instead. */
  fallbacks: { agency: string; wanted: ContactRole; used: ContactRole }[];
  /** Leads not in the directory (kept as written) whose notices went to the monitoring office to assign. */
  toAssign: { asWritten: string; office: string }[];
};

export type ResolveOptions = {
  /** The task's jurisdiction: its monitoring office receives the notices of leads not in the directory. */
  jurisdiction?: string;
};

/**
 * An agency by canonical name, alias or id (NFC, case-insensitive). Provinces built from the same
 * structure share names ("Văn phòng UBND tỉnh", "Sở Tài chính"): given the jurisdiction of the task
 * or file, the one of that jurisdiction is taken, else of the nearest jurisdiction above it, else
 * the first of that name.
 */
export function findAgency(directory: Directory, name: string, jurisdiction?: string): Agency | undefined {
  const named = agenciesByName(directory).get(nameKey(name)) ?? [];
  return nearestTo(directory, named, jurisdiction) ?? directory.agencies.find((a) => a.id === name.trim());
}

/** A directory's agencies by canonical name and alias (`nameKey`), in directory order; built once per directory (issue 17). */
const NAME_INDEX = new WeakMap<readonly Agency[], Map<string, Agency[]>>();

function agenciesByName(directory: Directory): Map<string, Agency[]> {
  let index = NAME_INDEX.get(directory.agencies);
  if (!index) {
    index = new Map();
    for (const agency of directory.agencies) {
      for (const key of new Set([agency.name, ...agency.aliases].map(nameKey))) index.set(key, [...(index.get(key) ?? []), agency]);
    }
    NAME_INDEX.set(directory.agencies, index);
  }
  return index;
}

/** Of entries sharing a name: the one of the jurisdiction, else of the nearest jurisdiction above it, else the first. */
function nearestTo<T extends { jurisdiction: string }>(directory: Directory, named: T[], jurisdiction: string | undefined): T | undefined {
  if (named.length > 1 && jurisdiction !== undefined) {
    const j = findJurisdiction(directory, jurisdiction);
    for (const id of j ? ancestry(directory, j.id) : []) {
      const found = named.find((e) => e.jurisdiction === id);
      if (found) return found;
    }
  }
  return named[0];
}

/** A jurisdiction by id or name (NFC, case-insensitive). */
export function findJurisdiction(directory: Directory, idOrName: string): Jurisdiction | undefined {
  const key = nameKey(idOrName);
  return directory.jurisdictions.find((j) => j.id === idOrName.trim() || nameKey(j.name) === key);
}

/** The group (of agencies, or a role) of that name, alias or id; the task's jurisdiction's first, as for agencies. */
function findGroup(directory: Directory, name: string, jurisdiction?: string) {
  const key = nameKey(name);
  return nearestTo(
    directory,
    directory.groups.filter((g) => nameKey(g.name) === key || g.aliases.some((alias) => nameKey(alias) === key) || g.id === name.trim()),
    jurisdiction,
  );
}

/** The contacts of an agency in a role; when the role has nobody, the agency's other role. */
export function contactsInRole(agency: Agency, role: ContactRole): { contacts: Contact[]; used: ContactRole } {
  const other: ContactRole = role === 'officer' ? 'head' : 'officer';
  if (agency.contacts[role].length > 0) return { contacts: agency.contacts[role], used: role };
  return { contacts: agency.contacts[other], used: other };
}

/** How a recipient is named in a message, before or without resolving it. */
export function describeRecipient(directory: Directory | null, recipient: Recipient): string {
  switch (recipient.role) {
    case 'officer':
      return recipient.agency;
    case 'head':
      return `Thủ trưởng ${recipient.agency}`;
    case 'monitor': {
      const j = directory ? findJurisdiction(directory, recipient.jurisdiction) : undefined;
      const office = j && directory ? directory.agencies.find((a) => a.id === j.monitor) : undefined;
      return office?.name ?? `Văn phòng UBND (${j?.name ?? recipient.jurisdiction})`;
    }
    case 'chair': {
      const j = directory ? findJurisdiction(directory, recipient.jurisdiction) : undefined;
      if (!j) return `Chủ tịch UBND (${recipient.jurisdiction})`;
      return `đồng chí ${j.chair.name}, ${j.chair.title ?? `Chủ tịch UBND ${j.name}`}`;
    }
  }
}

/** True when notices to this agency name cannot reach it: neither an agency nor a group of the directory (a lead kept as written). */
export function needsAssignment(directory: Directory, agency: string): boolean {
  return !findAgency(directory, agency) && !findGroup(directory, agency);
}

/** How the monitoring office is named when it receives a notice for a lead it must assign. */
export function assignDescription(office: string, asWritten: string): string {
  return `${office} (cơ quan theo dõi: đề nghị phân công cơ quan chủ trì thay cho “${asWritten}”, chưa có trong danh bạ)`;
}

export function resolveRecipients(directory: Directory, recipients: readonly Recipient[], options: ResolveOptions = {}): RecipientResolution {
  const contacts: ResolvedContact[] = [];
  const undeliverable: UndeliverableRecipient[] = [];
  const descriptions: string[] = [];
  const fallbacks: RecipientResolution['fallbacks'] = [];
  const toAssign: RecipientResolution['toAssign'] = [];
  const seen = new Set<string>();

  const addContacts = (found: ResolvedContact[]) => {
    for (const c of found) {
      const key = c.email.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      contacts.push(c);
    }
  };
  const describe = (text: string) => {
    if (!descriptions.includes(text)) descriptions.push(text);
  };

  /** Every contact (officer, then head) of the jurisdiction's monitoring office; false when it has none. */
  const fromOffice = (office: Agency): boolean => {
    const had = office.contacts.officer.length + office.contacts.head.length > 0;
    addContacts([...office.contacts.officer.map((c) => toResolved(c, 'officer', office)), ...office.contacts.head.map((c) => toResolved(c, 'head', office))]);
    return had;
  };

  /** The monitoring office of the task's jurisdiction, for a lead it must assign. */
  const assigningOffice = (): Agency | undefined => {
    const j = options.jurisdiction ? findJurisdiction(directory, options.jurisdiction) : undefined;
    return j ? directory.agencies.find((a) => a.id === j.monitor) : undefined;
  };

  /** Adds an agency's contacts in a role; false when it has none at all. */
  const fromAgency = (agency: Agency, role: ContactRole): boolean => {
    const { contacts: found, used } = contactsInRole(agency, role);
    if (found.length === 0) return false;
    if (used !== role) fallbacks.push({ agency: agency.name, wanted: role, used });
    addContacts(found.map((c) => toResolved(c, used, agency)));
    return true;
  };

  for (const recipient of recipients) {
    const who = describeRecipient(directory, recipient);
    const fail = (reason: string, whom = who) => undeliverable.push({ recipient, who: whom, reason });

    if (recipient.role === 'officer' || recipient.role === 'head') {
      const agency = findAgency(directory, recipient.agency, options.jurisdiction);
      if (agency) {
        if (fromAgency(agency, recipient.role)) describe(recipient.role === 'head' ? `Thủ trưởng ${agency.name}` : agency.name);
        else fail(`${agency.name} chưa có địa chỉ thư điện tử trong danh bạ`);
        continue;
      }
      const group = findGroup(directory, recipient.agency, options.jurisdiction);
      if (!group) {
        const office = assigningOffice();
        if (office && fromOffice(office)) {
          if (!toAssign.some((t) => t.asWritten === recipient.agency)) toAssign.push({ asWritten: recipient.agency, office: office.name });
          describe(assignDescription(office.name, recipient.agency));
        } else if (office) fail(`“${recipient.agency}” không có trong danh bạ và ${office.name} (cơ quan theo dõi, phân công) chưa có địa chỉ thư điện tử`);
        else fail(`không tìm thấy “${recipient.agency}” trong danh bạ cơ quan`);
        continue;
      }
      let reached = false;
      for (const memberId of group.members) {
        const member = directory.agencies.find((a) => a.id === memberId);
        if (!member) fail(`nhóm “${group.name}” có thành viên “${memberId}” không có trong danh bạ`, `${who} (${memberId})`);
        else if (fromAgency(member, recipient.role)) reached = true;
        else fail(`${member.name} chưa có địa chỉ thư điện tử trong danh bạ`, recipient.role === 'head' ? `Thủ trưởng ${member.name}` : member.name);
      }
      if (reached) describe(recipient.role === 'head' ? `Thủ trưởng ${group.name}` : group.name);
      continue;
    }

    if (!('jurisdiction' in recipient)) continue;
    const jurisdiction = findJurisdiction(directory, recipient.jurisdiction);
    if (!jurisdiction) {
      fail(`không tìm thấy địa bàn “${recipient.jurisdiction}” trong danh bạ`);
      continue;
    }
    if (recipient.role === 'chair') {
      addContacts([
        {
          name: jurisdiction.chair.name,
          email: jurisdiction.chair.email,
          role: 'chair',
          agencyId: null,
          agencyName: `UBND ${jurisdiction.name}`,
          digest: false,
          jurisdiction: jurisdiction.id,
        },
      ]);
      describe(who);
      continue;
    }
    const office = directory.agencies.find((a) => a.id === jurisdiction.monitor);
    if (!office) {
      fail(`Văn phòng UBND của ${jurisdiction.name} (“${jurisdiction.monitor}”) không có trong danh bạ`);
      continue;
    }
    if (fromOffice(office)) describe(office.name);
    else fail(`${office.name} chưa có địa chỉ thư điện tử trong danh bạ`);
  }

  // The office asked to assign is named once, with why.
  const assigning = new Set(toAssign.map((t) => t.office));
  const description = descriptions.filter((d) => !assigning.has(d)).join('; ');
  return { contacts, undeliverable, description, fallbacks, toAssign };
}

function toResolved(contact: Contact, role: ContactRole, agency: Agency): ResolvedContact {
  return {
    name: contact.name,
    email: contact.email,
    role,
    agencyId: agency.id,
    agencyName: agency.name,
    digest: agency.digest,
    jurisdiction: agency.jurisdiction,
  };
}
