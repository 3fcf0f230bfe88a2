/** How resolved contacts are addressed, named in a greeting, and filed in the outbox. */
import type { Directory } from '../../domain/directory';
import { describeRecipient, type ResolvedContact } from '../../domain/messages/recipients';
import type { ParsedRequest } from '../../domain/messages/templates';
import type { Address } from './channel';

export function toAddress(c: { name: string; email: string }): Address {
  return { name: c.name, address: c.email };
}

export function emails(contacts: { email: string }[]): string[] {
  return contacts.map((c) => c.email);
}

export function dedupeByEmail<T extends { email: string }>(contacts: T[]): T[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const k = c.email.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** "Kính gửi" line for contacts: their agencies (heads as "Thủ trưởng …"), or the chair by name. */
export function describeContacts(contacts: ResolvedContact[]): string {
  const names = contacts.map((c) => (c.role === 'chair' ? `đồng chí ${c.name}` : c.role === 'head' ? `Thủ trưởng ${c.agencyName}` : c.agencyName));
  return [...new Set(names)].join('; ');
}

/** Every recipient of a request, named as the message would name them. */
export function describeAll(directory: Directory | null, request: ParsedRequest): string {
  return request.to.map((r) => describeRecipient(directory, r)).join('; ');
}

/** Names and ids a message concerns, for listing the outbox by agency. */
export function agenciesConcerned(request: ParsedRequest, contacts: ResolvedContact[]): string[] {
  const names = new Set<string>();
  for (const c of contacts) {
    names.add(c.agencyName);
    if (c.agencyId) names.add(c.agencyId);
  }
  for (const r of request.to) if ('agency' in r) names.add(r.agency);
  return [...names];
}

/** The reason a delivery_failed message gives, in Vietnamese, with the technical detail. */
export function failureReason(error: string | null): string {
  return error ? `gửi không thành công (${error})` : 'gửi không thành công';
}

export function refusedReason(response: string | null): string {
  return `máy chủ thư từ chối địa chỉ${response ? ` (${response})` : ''}`;
}
