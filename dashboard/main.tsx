/// <reference lib="dom" />
/**
 * The dashboard: signs people in, shows each role its pages, and opens every link a message carries
 * (/tasks/<workflow id>, /files/<code>) after the sign-in step, on the same address.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, auth, bearer, forgetToken, keepToken, request, RequestError, whenSignedOut } from './api';
import { PageError } from './components';
import { ROLE_NAMES } from './names';
import { interceptLinks, navigate, useLocation } from './router';
import { agencyName, jurisdictionName, SessionContext, type Session } from './session';
import type { Directory, Role, User } from './types';
import { Overview } from './pages/overview';
import { TaskList } from './pages/task-list';
import { TaskPage } from './pages/task-page';
import { Escalations } from './pages/escalations';
import { MyWork } from './pages/my-work';
import { Messages } from './pages/messages';
import { FileList } from './pages/file-list';
import { FilePage } from './pages/file-page';
import { Intake } from './pages/intake';
import { Accounts } from './pages/accounts';
import { DirectoryEditor } from './pages/directory';
import { PlanImport } from './pages/plan-import';
import { TemplatesRoute } from './pages/templates';
import { Plans } from './pages/plans';
import { PlanPage } from './pages/plan-page';
import { OneStopReport } from './pages/one-stop-report';

const LOGGED_OUT = 'Đã đăng xuất.';

type Notice = { text: string; kind: 'notice' | 'error'; n: number } | null;

/** The pages of each role, in the order of its menu; the first is its home. */
const MENU: Record<Role, [string, string][]> = {
  admin: [
    ['/', 'Tổng quan'],
    ['/tasks', 'Nhiệm vụ'],
    ['/plans', 'Kế hoạch'],
    ['/escalations', 'Chờ xác nhận'],
    ['/files', 'Hồ sơ một cửa'],
    ['/reports/one-stop', 'Báo cáo một cửa'],
    ['/admin/accounts', 'Tài khoản'],
    ['/admin/directory', 'Danh bạ cơ quan'],
    ['/admin/import', 'Nhập kế hoạch'],
    ['/admin/templates', 'Mẫu nhiệm vụ'],
    ['/messages', 'Thông báo'],
  ],
  monitor: [
    ['/', 'Tổng quan'],
    ['/tasks', 'Nhiệm vụ'],
    ['/plans', 'Kế hoạch'],
    ['/escalations', 'Chờ xác nhận'],
    ['/files', 'Hồ sơ một cửa'],
    ['/reports/one-stop', 'Báo cáo một cửa'],
    ['/admin/import', 'Nhập kế hoạch'],
    ['/admin/templates', 'Mẫu nhiệm vụ'],
    ['/messages', 'Thông báo'],
  ],
  viewer: [
    ['/', 'Tổng quan'],
    ['/tasks', 'Nhiệm vụ'],
    ['/plans', 'Kế hoạch'],
    ['/escalations', 'Chờ xác nhận'],
    ['/files', 'Hồ sơ một cửa'],
    ['/reports/one-stop', 'Báo cáo một cửa'],
  ],
  agency: [
    ['/', 'Việc của tôi'],
    ['/escalations', 'Chờ xác nhận'],
    ['/files', 'Hồ sơ một cửa'],
    ['/messages', 'Thông báo đã nhận'],
  ],
  desk: [
    ['/', 'Hồ sơ một cửa'],
    ['/intake', 'Tiếp nhận hồ sơ'],
    ['/reports/one-stop', 'Báo cáo tháng'],
    ['/messages', 'Thông báo'],
  ],
};

/** The page an address names, for this account. */
function Page({ user, path, search }: { user: User; path: string; search: URLSearchParams }) {
  if (path.startsWith('/plans/')) return <PlanPage id={decodeURIComponent(path.slice('/plans/'.length))} />;
  if (path.startsWith('/files/')) return <FilePage code={decodeURIComponent(path.slice('/files/'.length))} />;
  if (path.startsWith('/tasks/')) {
    const id = decodeURIComponent(path.slice('/tasks/'.length));
    return id.startsWith('file:') ? <FilePage code={id.slice('file:'.length)} /> : <TaskPage id={id} />;
  }
  if (path === '/admin/templates' || path.startsWith('/admin/templates/')) return <TemplatesRoute path={path} search={search} />;
  switch (path) {
    case '/':
      return user.role === 'agency' ? <MyWork /> : user.role === 'desk' ? <FileList search={search} /> : <Overview />;
    case '/my-work':
      return <MyWork />;
    case '/tasks':
      return <TaskList search={search} />;
    case '/escalations':
      return <Escalations />;
    case '/plans':
      return <Plans />;
    case '/reports/one-stop':
      return <OneStopReport search={search} />;
    case '/files':
      return <FileList search={search} />;
    case '/intake':
      return <Intake />;
    case '/messages':
      return <Messages />;
    case '/admin/accounts':
      return <Accounts />;
    case '/admin/directory':
      return <DirectoryEditor />;
    case '/admin/import':
      return <PlanImport />;
    default:
      return <PageError message="Không có trang này. Hãy chọn một mục trong thanh điều hướng." />;
  }
}

function Who({ session }: { session: Session | null }) {
  if (!session) return <div id="who" hidden />;
  const { user, directory } = session;
  const places = [agencyName(directory, user.agency), jurisdictionName(directory, user.jurisdiction)].filter(Boolean);
  return (
    <div id="who">
      <strong class="who-name">{user.name}</strong>
      <span class="who-role">{ROLE_NAMES[user.role] ?? user.role}</span>
      {places.map((p) => (
        <span class="who-place">{p}</span>
      ))}
    </div>
  );
}

function Nav({ user, path }: { user: User; path: string }) {
  const current = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  return (
    <nav class="menu" aria-label="Các trang">
      <ul>
        {MENU[user.role].map(([href, label]) => (
          <li>
            <a href={href} aria-current={current(href) ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Login({ notice, onSignIn }: { notice: Notice; onSignIn: (signIn: () => Promise<void>) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const submit = (signIn: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSignIn(signIn);
    } finally {
      setBusy(false);
    }
  };
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  return (
    <section id="login" class="page login-page">
      <h1>Đăng nhập</h1>
      <p id="login-message" key={notice?.n ?? 0} class={notice?.kind ?? 'notice'} role={notice?.kind === 'error' ? 'alert' : 'status'} hidden={!notice}>
        {notice?.text ?? ''}
      </p>
      <form
        id="login-form"
        class="login"
        onSubmit={submit(async () => {
          forgetToken();
          const session = await api<{ user: User; csrfToken: string }>('/api/session', {
            method: 'POST',
            body: { login: value('username').trim(), password: value('password') },
            quietSignOut: true,
          });
          auth.csrfToken = session.csrfToken;
          auth.user = session.user;
        })}
      >
        <label>
          Tên đăng nhập <input id="username" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck={false} required />
        </label>
        <label>
          Mật khẩu <input id="password" name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>
          Đăng nhập
        </button>
      </form>
      <p class="hint">Tài khoản do quản trị hệ thống cấp. Quên mật khẩu: đề nghị quản trị hệ thống đặt lại.</p>
      <details class="token-login">
        <summary>Đăng nhập bằng mã truy cập</summary>
        <form
          id="token-form"
          class="login"
          onSubmit={submit(async () => {
            keepToken(value('token').trim());
            auth.csrfToken = null;
            auth.user = await api<User>('/api/me', { quietSignOut: true });
          })}
        >
          <label>
            Mã truy cập <input id="token" type="password" autocomplete="off" required />
          </label>
          <button type="submit" disabled={busy}>
            Đăng nhập bằng mã truy cập
          </button>
        </form>
        <p class="hint">Dùng cho tài khoản kỹ thuật. Mã truy cập chỉ được giữ trong thẻ trình duyệt này, đến khi đăng xuất hoặc đóng thẻ.</p>
      </details>
    </section>
  );
}

function App() {
  const { path, search } = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const [starting, setStarting] = useState(true);
  const [notice, setNotice] = useState<Notice>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  const say = (text: string | undefined, kind: 'notice' | 'error') => setNotice(text ? { text, kind, n: Date.now() + Math.random() } : null);

  const signedOut = (message?: string) => {
    auth.user = null;
    auth.csrfToken = null;
    forgetToken();
    setSession(null);
    say(message, 'notice');
  };

  /** After sign-in: the account, then the directory for names and pickers (the page does not wait for it). */
  const signedIn = (user: User) => {
    setNotice(null);
    const refreshDirectory = () =>
      void api<Directory>('/api/directory').then(
        (directory) => setSession((s) => (s && s.user === user ? { ...s, directory } : s)),
        () => undefined,
      );
    setSession({ user, directory: null, refreshDirectory });
    refreshDirectory();
  };

  useEffect(() => {
    whenSignedOut((message) => signedOut(message));
    (async () => {
      try {
        if (bearer()) signedIn(await api<User>('/api/me', { quietSignOut: true }));
        else {
          const s = await api<{ user: User; csrfToken: string }>('/api/session', { quietSignOut: true });
          auth.csrfToken = s.csrfToken;
          signedIn(s.user);
        }
      } catch (err) {
        if (err instanceof RequestError && err.status === 401) signedOut(bearer() ? err.message : undefined);
        else setFatal(err instanceof RequestError ? err.message : 'Không tải được trang.');
      } finally {
        setStarting(false);
      }
    })();
  }, []);

  useEffect(() => {
    if (!session && !starting) document.getElementById('username')?.focus();
  }, [session, starting]);

  // After moving to another page, keyboard and screen-reader users start at its content.
  const shownPath = useRef(path + location.search);
  useEffect(() => {
    const now = path + location.search;
    if (shownPath.current !== now && session) document.getElementById('main')?.focus();
    shownPath.current = now;
  });

  const onSignIn = async (signIn: () => Promise<void>) => {
    setNotice(null);
    try {
      await signIn();
      signedIn(auth.user!);
    } catch (err) {
      forgetToken();
      say(err instanceof RequestError ? err.message : 'Không đăng nhập được; vui lòng thử lại.', 'error');
    }
  };

  const logout = async () => {
    try {
      if (!bearer()) await request('/api/session', { method: 'DELETE', quietSignOut: true });
    } catch (err) {
      // Already over (401): signed out all the same.
      if (!(err instanceof RequestError && err.status === 401)) {
        setFatal(err instanceof RequestError ? err.message : 'Không đăng xuất được.');
        return;
      }
    }
    navigate('/', { replace: true });
    signedOut(LOGGED_OUT);
  };

  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">
        Chuyển đến nội dung
      </a>
      <header class="top">
        <a href="/" class="brand">
          dondoc
        </a>
        <span class="tagline">Theo dõi, đôn đốc thực hiện nhiệm vụ</span>
        <Who session={session} />
        <button id="logout" type="button" class="logout" hidden={!session} onClick={logout}>
          Đăng xuất
        </button>
      </header>
      {session ? <Nav user={session.user} path={path} /> : null}
      <main id="main" tabIndex={-1}>
        {fatal ? (
          <PageError message={fatal} />
        ) : starting ? (
          <p class="loading">Đang tải…</p>
        ) : session ? (
          <Page key={path + location.search} user={session.user} path={path} search={search} />
        ) : (
          <>
            <Login notice={notice} onSignIn={onSignIn} />
            <PageError message={null} />
          </>
        )}
      </main>
    </SessionContext.Provider>
  );
}

interceptLinks();
const root = document.getElementById('app')!;
// The page's "Đang tải…" placeholder goes: the app owns the container from now on.
root.replaceChildren();
render(<App />, root);
