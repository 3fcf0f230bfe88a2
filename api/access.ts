/**
 * Who may read and who may act, in one place. Jurisdictions form a tree (domain/jurisdictions):
 * - admin reads and acts everywhere;
 * - a monitor acts within its own jurisdiction, and reads it and every jurisdiction below it;
 * - a viewer (a leader, an inspector) reads like a monitor and acts on nothing;
 * - an agency user reads and acts on what concerns its agency, within its agency's jurisdiction;
 * - a desk (one-stop reception) reads what is in its jurisdiction, registers files received by its
 *   unit there and acts on those files (the file workflow decides which steps are the desk's);
 *   on tasks it only reads.
 * A refused read is a 404 (the item's existence is not revealed), except for an agency: 403.
 */
import type { Directory } from '../domain/directory';
import { findAgency, findJurisdiction } from '../domain/messages/recipients';
import { sameName } from '../domain/messages/text';
import { isWithin, subtree } from '../domain/jurisdictions';
import { AuthError, type User } from './auth';
import { notFound } from './errors';

/** What a task, file or message concerns: its jurisdiction and the agencies it names. */
export type Concern = { jurisdiction: string; agencies: string[] };

/** A visibility filter: every jurisdiction (admin), or only these, and for an agency its name. */
export type Scope = { jurisdictions: 'all' | string[]; agency?: string };

export const VIEWER_REFUSAL = 'Tài khoản chỉ xem không được thực hiện thao tác này.';
export const DESK_REFUSAL = 'Bộ phận một cửa chỉ thao tác trên hồ sơ do bộ phận mình tiếp nhận.';
export const READ_ONLY_REFUSAL = 'Văn phòng cấp trên chỉ được xem, không được thao tác trên việc của đơn vị hành chính cấp dưới.';

/** The one jurisdiction at the top of the directory; undefined when it holds several trees (several provinces). */
export function topJurisdiction(directory: Pick<Directory, 'jurisdictions'>): string | undefined {
  const tops = directory.jurisdictions.filter((j) => !j.parent);
  return tops.length === 1 ? tops[0]!.id : undefined;
}

export class Access {
  constructor(private readonly directory: () => Directory) {}

  /** The jurisdiction an account works in: its own, an agency's from the directory; none for admin. */
  homeOf(user: User): string | undefined {
    if (user.role === 'agency') return findAgency(this.directory(), user.agency!)?.jurisdiction ?? user.jurisdiction;
    if (user.role === 'admin') return undefined;
    return user.jurisdiction;
  }

  /** The jurisdiction an account is shown with: its home, or for an admin its own or the directory's top one (when it has one). */
  jurisdictionOf(user: User): string | undefined {
    return this.homeOf(user) ?? user.jurisdiction ?? topJurisdiction(this.directory());
  }

  /** What the user may list. */
  readScope(user: User): Scope {
    if (user.role === 'admin') return { jurisdictions: 'all' };
    const home = this.homeOf(user);
    if (user.role === 'monitor' || user.role === 'viewer') return { jurisdictions: home ? subtree(this.directory(), home) : [] };
    if (user.role === 'desk') return { jurisdictions: home ? [home] : [] };
    return { jurisdictions: home ? [home] : 'all', agency: user.agency! };
  }

  mayRead(user: User, concern: Concern): boolean {
    const scope = this.readScope(user);
    if (scope.jurisdictions !== 'all' && !scope.jurisdictions.includes(concern.jurisdiction)) return false;
    return scope.agency === undefined || concern.agencies.some((a) => sameName(a, scope.agency!));
  }

  mayAct(user: User, concern: Concern): boolean {
    if (!this.mayRead(user, concern)) return false;
    if (user.role === 'viewer') return false;
    // A desk acts on what its unit received (a file names its receiving unit; a task never names a desk).
    if (user.role === 'desk') return concern.jurisdiction === user.jurisdiction && concern.agencies.some((a) => sameName(a, user.agency!));
    return user.role !== 'monitor' || concern.jurisdiction === user.jurisdiction;
  }

  /** Throws the refusal for a read: 404 (existence not revealed), 403 for an agency. */
  assertRead(user: User, concern: Concern, agencyRefusal: string): void {
    if (this.mayRead(user, concern)) return;
    if (user.role === 'agency') throw new AuthError(403, agencyRefusal);
    throw notFound();
  }

  assertAct(user: User, concern: Concern, agencyRefusal: string): void {
    this.assertRead(user, concern, agencyRefusal);
    if (!this.mayAct(user, concern))
      throw new AuthError(403, user.role === 'viewer' ? VIEWER_REFUSAL : user.role === 'desk' ? DESK_REFUSAL : READ_ONLY_REFUSAL);
  }

  /** The jurisdiction a monitor or an agency creates things in (imports, intake); admin may name any. */
  assertCreateIn(user: User, jurisdiction: string): void {
    if (user.role === 'admin') return;
    const home = this.homeOf(user);
    if (home !== jurisdiction)
      throw new AuthError(403, `Tài khoản này chỉ được tạo dữ liệu cho đơn vị hành chính của mình (${home ?? 'chưa xác định'}), không cho "${jurisdiction}".`);
  }

  /**
   * The jurisdiction an intake registers a file in: the account's own (a different one named in the
   * body is refused); an admin's as given (undefined: taken from the receiving unit).
   */
  intakeJurisdiction(user: User, requested: unknown): string | undefined {
    const home = this.homeOf(user);
    if (user.role === 'admin' || home === undefined) return typeof requested === 'string' ? requested : undefined;
    if (requested !== undefined && requested !== home) {
      throw new AuthError(403, `jurisdiction: tài khoản này chỉ đăng ký hồ sơ cho đơn vị hành chính của mình (${home}), không cho "${String(requested)}".`);
    }
    return home;
  }

  /** Who registers a file: an admin; a monitor for a desk of its jurisdiction; the receiving desk itself. */
  assertIntake(user: User, file: { receivingUnit: string; jurisdiction: string }): void {
    if (user.role === 'admin') return;
    if (user.role === 'viewer') throw new AuthError(403, VIEWER_REFUSAL);
    if ((user.role === 'agency' || user.role === 'desk') && !sameName(user.agency!, file.receivingUnit))
      throw new AuthError(403, `Chỉ nơi tiếp nhận (${file.receivingUnit}) mới đăng ký hồ sơ này.`);
    const desk = findAgency(this.directory(), file.receivingUnit)?.jurisdiction;
    if (desk !== undefined && desk !== file.jurisdiction)
      throw new AuthError(403, `receivingUnit: ${file.receivingUnit} không thuộc đơn vị hành chính của tài khoản này.`);
  }

  /** Every jurisdiction of the directory. */
  jurisdictionIds(): string[] {
    return this.directory().jurisdictions.map((j) => j.id);
  }

  /** The names of the agencies of these jurisdictions (as tasks and files name their leads). */
  agencyNamesIn(jurisdictions: string[]): string[] {
    const wanted = new Set(jurisdictions);
    return this.directory()
      .agencies.filter((a) => wanted.has(a.jurisdiction))
      .map((a) => a.name);
  }

  /** The jurisdictions a message of the outbox concerns, from the agencies and jurisdictions it names. */
  jurisdictionsNamed(names: string[]): string[] {
    const directory = this.directory();
    const found = new Set<string>();
    for (const name of names) {
      const agency = directory.agencies.find((a) => a.id === name) ?? findAgency(directory, name);
      if (agency) found.add(agency.jurisdiction);
      const jurisdiction = directory.jurisdictions.find((j) => j.id === name)?.id ?? findJurisdiction(directory, name)?.id;
      if (jurisdiction) found.add(jurisdiction);
    }
    return [...found];
  }

  /** A monitor or viewer reads a message when it concerns its jurisdiction or one below; an agency or desk when it names its unit. */
  mayReadMessage(user: User, agencies: string[]): boolean {
    if (user.role === 'admin') return true;
    if (user.role === 'agency' || user.role === 'desk') return agencies.some((a) => sameName(a, user.agency!));
    const home = user.jurisdiction;
    return home !== undefined && this.jurisdictionsNamed(agencies).some((j) => isWithin(this.directory(), j, home));
  }
}
