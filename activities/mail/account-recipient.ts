/**
 * A ladder level that names an account (a template's level "tài khoản được chỉ định"): the task
 * workflow times it as a level to the monitoring office, and names the template version in the
 * message (`details.template`). At send time the message goes to the account's e-mail address; an
 * account that is disabled, has no address or no longer exists gets its message sent to the
 * monitoring office instead, with a line saying why (never silently dropped).
 */
import type { Recipient } from '../../domain/notification';
import type { ResolvedContact } from '../../domain/messages/recipients';
import type { ParsedRequest } from '../../domain/messages/templates';
import { levelAccount, type Template } from '../../domain/templates';
import type { AccountSummary } from '../../storage/accounts';

/** The label of the line a fallback message carries. */
export const FALLBACK_LABEL = 'Nơi nhận thay thế';

export type AccountRouting =
  /** The level names no account: the recipients the workflow named. */
  | { kind: 'roles' }
  /** Sent to the account's address. */
  | { kind: 'account'; login: string; contact: ResolvedContact; description: string }
  /** Sent to the monitoring office instead, saying why. */
  | { kind: 'fallback'; login: string; request: ParsedRequest; reason: string };

/**
 * @param template the template version the message names (undefined when none or not found).
 * @param findAccount the account with that login (disabled ones too), or null.
 */
export async function routeToAccount(
  request: ParsedRequest,
  template: Template | undefined,
  findAccount: (login: string) => Promise<AccountSummary | null>,
): Promise<AccountRouting> {
  if (request.kind !== 'escalation' || !template) return { kind: 'roles' };
  const login = levelAccount(template, request.level);
  if (login === undefined) return { kind: 'roles' };
  const account = await findAccount(login);
  if (account && account.disabledAt === null && account.email) {
    const contact: ResolvedContact = {
      name: account.name,
      email: account.email,
      role: 'officer',
      agencyId: null,
      agencyName: account.agency ?? account.name,
      digest: false,
      jurisdiction: account.jurisdiction ?? request.details.jurisdiction ?? '',
    };
    return { kind: 'account', login, contact, description: `${account.name} (tài khoản ${login})` };
  }
  const why = !account ? 'không còn tồn tại' : account.disabledAt !== null ? 'đã bị khóa' : 'chưa có địa chỉ thư điện tử';
  const named = account ? `tài khoản “${login}” (${account.name})` : `tài khoản “${login}”`;
  const reason = `Cấp ${request.level} của mẫu nhắc việc gửi ${named}, nhưng tài khoản ${why}; thông báo được gửi Văn phòng UBND thay.`;
  return { kind: 'fallback', login, reason, request: { ...request, to: monitorsOf(request), details: { ...request.details, [FALLBACK_LABEL]: reason } } };
}

/** The monitoring office(s) the workflow named for the level (it times an account's level as the office's), else the task's jurisdiction's. */
function monitorsOf(request: ParsedRequest): Recipient[] {
  const monitors = request.to.filter((r) => r.role === 'monitor');
  if (monitors.length > 0) return monitors;
  const jurisdiction = request.details.jurisdiction;
  return jurisdiction ? [{ role: 'monitor', jurisdiction }] : request.to;
}
