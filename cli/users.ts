/**
 * `dondoc users …`: accounts, from the command line, in the database the configuration names
 * (DATABASE_URL, else the embedded one under DATA_DIR, which a running dondoc holds):
 *   users add --name "…" --login … --role agency --agency so-tu-phap [--jurisdiction …] [--email …] [--password-stdin]
 *   users set-email <login> <email | --clear>
 *   users list
 *   users disable <login>
 *   users reset-password <login> [--password-stdin]
 *   users token issue <login> --label "…"
 *   users token revoke <token-id | label>
 * A password dondoc generates, and a token, are printed once: only their hashes are kept.
 * Every change is written to the audit log with the operating-system user who ran the command.
 * Exit codes: 0 done, 1 not done (database busy or unreachable, no such account, conflict), 2 bad input.
 */
import { Command, Option } from 'commander';
import { userInfo } from 'node:os';
import { ZodError } from 'zod';
import { DatabaseBusyError, openStorage, type DatabaseHandle } from '../storage';
import { AccountError, ROLES, UserStore, type AccountSummary, type ChangedBy, type Role } from '../storage/accounts';
import { DirectoryStore } from '../storage/directory';
import { ConfigError, loadConfig } from '../worker/config';
import { placeAccount } from '../api/accounts';
import { ApiError } from '../api/errors';
import { ROLE_NAMES } from '../api/auth';
import type { Output } from './import';

export type UsersIo = Output & { readStdin: () => Promise<string> };

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

const consoleIo: UsersIo = { out: (l) => console.log(l), err: (l) => console.error(l), readStdin: readAllStdin };

/** What a command prints when the embedded database is open in a running dondoc (as the other commands say it). */
export const DATABASE_BUSY =
  'Cơ sở dữ liệu nhúng đang được một tiến trình dondoc khác sử dụng nên không quản lý được tài khoản: dừng dondoc rồi chạy lại lệnh, hoặc đặt DATABASE_URL trỏ tới máy chủ PostgreSQL mà dondoc dùng.';

function operator(): ChangedBy {
  let name = 'không rõ';
  try {
    name = userInfo().username;
  } catch {
    // No entry for this uid (a container): the audit log says so.
  }
  return { name: `Dòng lệnh (${name})` };
}

/** A password from stdin: the first line, without its line ending. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

async function withUsers(io: UsersIo, env: NodeJS.ProcessEnv, work: (users: UserStore, handle: DatabaseHandle) => Promise<void>): Promise<number> {
  let handle: DatabaseHandle;
  try {
    handle = await openStorage(loadConfig(env), { poolSize: 1 });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`Cấu hình không hợp lệ: ${error.message}`);
      return 2;
    }
    if (error instanceof DatabaseBusyError) {
      io.err(DATABASE_BUSY);
      return 1;
    }
    io.err(`Không mở được cơ sở dữ liệu của dondoc: ${(error as Error).message}`);
    return 1;
  }
  try {
    await work(new UserStore(handle.db), handle);
    return 0;
  } catch (error) {
    if (error instanceof ZodError) {
      io.err(error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; '));
      return 2;
    }
    if (error instanceof ApiError) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof AccountError) {
      io.err(error.message);
      return 1;
    }
    io.err(`Lỗi không mong đợi: ${(error as Error).message}`);
    return 1;
  } finally {
    await handle.close();
  }
}

export type AddOptions = { name: string; login: string; role: Role; agency?: string; jurisdiction?: string; email?: string; passwordStdin?: boolean };

export async function runAdd(opts: AddOptions, io: UsersIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const given = opts.passwordStdin ? firstLine(await io.readStdin()) : undefined;
  return withUsers(io, env, async (users, handle) => {
    const directory = await new DirectoryStore(handle.db).load();
    const { name, login, role, agency, jurisdiction, email } = opts;
    const placed = placeAccount(
      {
        name,
        login,
        role,
        ...(agency !== undefined ? { agency } : {}),
        ...(jurisdiction !== undefined ? { jurisdiction } : {}),
        ...(email !== undefined ? { email } : {}),
      },
      directory,
    );
    const created = await users.create({ ...placed, ...(given !== undefined ? { password: given } : {}) }, operator());
    const account = await users.find({ id: created.user.id });
    io.out(`Đã tạo tài khoản số ${account.id}: ${describeAccount(account)}.`);
    if (created.password) io.out(`Mật khẩu (chỉ hiển thị một lần, hãy trao tận tay người dùng): ${created.password}`);
  });
}

function describeAccount(a: AccountSummary): string {
  const unit = a.agency ? `, ${a.agency}` : '';
  return `${a.login ?? '(không có tên đăng nhập)'} — ${a.name} (${ROLE_NAMES[a.role]}${unit}, ${a.jurisdiction ?? 'mọi đơn vị'})${a.email ? ` <${a.email}>` : ''}`;
}

export async function runList(io: UsersIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withUsers(io, env, async (users) => {
    const tokens = await users.tokens();
    const accounts = await users.accounts();
    if (accounts.length === 0) io.out('Chưa có tài khoản nào.');
    for (const a of accounts) {
      const live = tokens.filter((t) => t.accountId === a.id && !t.revokedAt);
      const status = a.disabledAt ? 'đã khóa' : 'đang dùng';
      const keys = live.length ? `; mã truy cập: ${live.map((t) => `#${t.id} "${t.label ?? ''}"`).join(', ')}` : '';
      io.out(`${a.id}\t${describeAccount(a)}\t${status}${keys}`);
    }
  });
}

export async function runDisable(login: string, io: UsersIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withUsers(io, env, async (users) => {
    const account = await users.find({ login });
    await users.disable(account.id, operator());
    io.out(`Đã khóa tài khoản ${describeAccount(account)}: các phiên đăng nhập và mã truy cập của tài khoản ngừng hoạt động ngay.`);
  });
}

/** Sets an account's e-mail address (where ladder levels naming the account go), or removes it with `clear`. */
export async function runSetEmail(
  login: string,
  email: string | undefined,
  opts: { clear?: boolean },
  io: UsersIo = consoleIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if ((email === undefined) === !opts.clear) {
    io.err('Ghi đúng một trong hai: địa chỉ thư điện tử, hoặc --clear để xóa địa chỉ đang có.');
    return 2;
  }
  return withUsers(io, env, async (users) => {
    const account = await users.find({ login });
    const changed = await users.setEmail(account.id, email ?? null, operator());
    io.out(changed.email ? `Đã đặt thư điện tử của ${account.login} là ${changed.email}.` : `Đã xóa thư điện tử của ${account.login}.`);
  });
}

export async function runResetPassword(
  login: string,
  opts: { passwordStdin?: boolean },
  io: UsersIo = consoleIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const given = opts.passwordStdin ? firstLine(await io.readStdin()) : undefined;
  return withUsers(io, env, async (users) => {
    const account = await users.find({ login });
    const { password } = await users.resetPassword(account.id, operator(), given);
    io.out(`Đã đặt lại mật khẩu của ${account.login}; các phiên đăng nhập cũ đã kết thúc.`);
    if (password) io.out(`Mật khẩu mới (chỉ hiển thị một lần): ${password}`);
  });
}

export async function runTokenIssue(login: string, opts: { label: string }, io: UsersIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withUsers(io, env, async (users) => {
    const account = await users.find({ login });
    const issued = await users.issueToken(account.id, { label: opts.label }, operator());
    io.out(`Đã cấp mã truy cập #${issued.id} "${issued.label}" cho ${account.login}. Mã (chỉ hiển thị một lần, gửi kèm tiêu đề Authorization: Bearer …):`);
    io.out(issued.token);
  });
}

/** Revokes a token by its number, or by its label when exactly one live token has it. */
export async function runTokenRevoke(key: string, io: UsersIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withUsers(io, env, async (users) => {
    let id: number;
    if (/^#?\d{1,9}$/.test(key)) id = Number(key.replace('#', ''));
    else {
      const named = (await users.tokens()).filter((t) => !t.revokedAt && t.label === key);
      if (named.length === 0) throw new AccountError(404, `Không có mã truy cập đang dùng nào có nhãn "${key}".`);
      if (named.length > 1)
        throw new AccountError(409, `Có ${named.length} mã truy cập mang nhãn "${key}" (${named.map((t) => `#${t.id}`).join(', ')}): hãy thu hồi theo số.`);
      id = named[0]!.id;
    }
    const token = await users.revokeToken(id, operator());
    io.out(`Đã thu hồi mã truy cập #${token.id} "${token.label ?? ''}".`);
  });
}

export function usersCommand(): Command {
  const users = new Command('users').description('Quản lý tài khoản: tạo, liệt kê, khóa, đặt lại mật khẩu, cấp hoặc thu hồi mã truy cập');
  users
    .command('add')
    .description('Tạo tài khoản; in mật khẩu được tạo ngẫu nhiên một lần (trừ khi dùng --password-stdin)')
    .requiredOption('--name <tên>', 'tên hiển thị của tài khoản')
    .requiredOption('--login <tên đăng nhập>', 'tên đăng nhập')
    .addOption(new Option('--role <vai trò>', 'vai trò').choices([...ROLES]).makeOptionMandatory())
    .option('--agency <cơ quan>', 'mã hoặc tên cơ quan (vai trò agency) hoặc nơi tiếp nhận (vai trò desk)')
    .option('--jurisdiction <mã>', 'mã đơn vị hành chính')
    .option('--email <địa chỉ>', 'thư điện tử nhận các cấp báo cáo gửi tới tài khoản này')
    .option('--password-stdin', 'đọc mật khẩu từ dòng đầu của đầu vào chuẩn')
    .action(async (opts: AddOptions) => {
      process.exitCode = await runAdd(opts);
    });
  users
    .command('list')
    .description('Liệt kê mọi tài khoản (cả tài khoản đã khóa) và mã truy cập đang dùng')
    .action(async () => {
      process.exitCode = await runList();
    });
  users
    .command('disable')
    .description('Khóa tài khoản: phiên đăng nhập và mã truy cập ngừng hoạt động ngay, lịch sử được giữ')
    .argument('<login>', 'tên đăng nhập')
    .action(async (login: string) => {
      process.exitCode = await runDisable(login);
    });
  users
    .command('set-email')
    .description('Đặt thư điện tử của tài khoản (nơi nhận các cấp báo cáo mẫu nhắc việc gửi tới tài khoản), hoặc xóa bằng --clear')
    .argument('<login>', 'tên đăng nhập')
    .argument('[email]', 'địa chỉ thư điện tử')
    .option('--clear', 'xóa thư điện tử đang có')
    .action(async (login: string, email: string | undefined, opts: { clear?: boolean }) => {
      process.exitCode = await runSetEmail(login, email, opts);
    });
  users
    .command('reset-password')
    .description('Đặt lại mật khẩu; in mật khẩu mới một lần (trừ khi dùng --password-stdin)')
    .argument('<login>', 'tên đăng nhập')
    .option('--password-stdin', 'đọc mật khẩu từ dòng đầu của đầu vào chuẩn')
    .action(async (login: string, opts: { passwordStdin?: boolean }) => {
      process.exitCode = await runResetPassword(login, opts);
    });
  const token = users.command('token').description('Mã truy cập cho máy (hệ thống một cửa, kịch bản)');
  token
    .command('issue')
    .description('Cấp mã truy cập có tên; in mã một lần')
    .argument('<login>', 'tên đăng nhập của tài khoản')
    .requiredOption('--label <nhãn>', 'tên của mã (dùng ở đâu, cho ai)')
    .action(async (login: string, opts: { label: string }) => {
      process.exitCode = await runTokenIssue(login, opts);
    });
  token
    .command('revoke')
    .description('Thu hồi mã truy cập theo số hoặc theo nhãn')
    .argument('<mã>', 'số của mã (xem `dondoc users list`) hoặc nhãn')
    .action(async (key: string) => {
      process.exitCode = await runTokenRevoke(key);
    });
  return users;
}
