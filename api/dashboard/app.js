// The monitoring dashboard: a list of tasks by status (through the API's visibility queries), one
// page per task or instance (a recurring task's period) with its facts, obligations, timeline and
// the actions the user's role allows, and one page per one-stop file. Every link a message carries
// opens one of these: /tasks/<workflow id> (a file's workflow id is "file:<code>") or /files/<code>.
// Every text from the server is inserted as text (DOM APIs), never as HTML.
//
// Signing in: people use their user name and password (POST /api/session). The session is an
// HttpOnly cookie the page never sees; its CSRF token is kept in memory only and sent with every
// request that changes something. A technical account may sign in with an access token instead: it
// stays in this tab (sessionStorage) and goes out as a Bearer header, which needs no CSRF token.

const STATUS = {
  not_due: 'Chưa đến hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  needs_deadline: 'Chưa có thời hạn',
  cancelled: 'Đã hủy',
};
// The names of FILE_STATUS_NAMES (domain/onestop/view.ts); test/unit/dashboard-names.test.ts keeps them equal.
const FILE_STATUS = {
  not_due: 'Đang giải quyết, chưa đến hẹn',
  due_soon: 'Sắp đến ngày hẹn',
  overdue: 'Trễ hẹn',
  waiting_documents: 'Chờ bổ sung hồ sơ (dừng tính thời gian)',
  result_ready: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  withdrawn: 'Đã rút hồ sơ',
};
const ROLE = { admin: 'Quản trị', monitor: 'Theo dõi (Văn phòng UBND)', agency: 'Cơ quan', desk: 'Bộ phận Một cửa', viewer: 'Chỉ xem' };
/** Roles that report on tasks (complete, progress, acknowledge); viewers and one-stop desks only read them. */
const TASK_ACTORS = ['admin', 'monitor', 'agency'];

const SIGNED_OUT = 'Phiên đăng nhập đã kết thúc hoặc không còn hiệu lực. Vui lòng đăng nhập lại.';
const LOGGED_OUT = 'Đã đăng xuất.';
const TOKEN_KEY = 'dondoc-token';
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

const $ = (id) => document.getElementById(id);
/** The signed-in account and, for a cookie session, its CSRF token: in memory only. */
const auth = { user: null, csrfToken: null };
const bearer = () => sessionStorage.getItem(TOKEN_KEY);

class RequestError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** What to say when the server asks to wait (429) without saying why itself, with its Retry-After when it gives one. */
function waitMessage(retryAfter) {
  const seconds = Number(retryAfter);
  const wait = Number.isFinite(seconds) && seconds > 0 ? (seconds < 120 ? `${Math.ceil(seconds)} giây` : `${Math.ceil(seconds / 60)} phút`) : 'ít phút';
  return `Có quá nhiều lần thử trong thời gian ngắn. Vui lòng chờ ${wait} rồi thử lại.`;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

/** A request as the signed-in account; a refusal throws a RequestError with the server's message. */
async function request(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = bearer();
  if (token) headers.authorization = `Bearer ${token}`;
  else if (MUTATING.includes(method) && auth.csrfToken) headers['x-csrf-token'] = auth.csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.ok) return res;
  const error = (await res.json().catch(() => ({}))).error;
  if (typeof error === 'string') throw new RequestError(res.status, error);
  throw new RequestError(res.status, res.status === 429 ? waitMessage(res.headers.get('retry-after')) : `Lỗi ${res.status}`);
}

/** A request whose answer is JSON (none for 204). */
async function api(path, options) {
  const res = await request(path, options);
  return res.status === 204 ? null : res.json();
}

function show(section) {
  for (const id of ['login', 'overview', 'task', 'file']) $(id).hidden = id !== section;
}

/** Shows an error; a 401 anywhere means the session is over: back to the sign-in form. */
function fail(err) {
  if (err.status === 401) return signedOut(SIGNED_OUT);
  $('error').textContent = err.message;
  $('error').hidden = false;
}

const vnDate = (iso) => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '—');
const vnTime = (iso) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
const statusBadge = (s) => el('span', { class: `status status-${s}` }, STATUS[s] ?? s ?? '—');
const fileStatusBadge = (s) => el('span', { class: `status status-${s}` }, FILE_STATUS[s] ?? s ?? '—');
const appointmentText = (a) => (a ? `${a.at ? new Date(a.at).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' }) + ' ' : ''}${vnDate(a.date)}` : '—');
const taskHref = (workflowId) => `/tasks/${encodeURIComponent(workflowId)}`;
const factList = (rows) => el('dl', { class: 'facts' }, ...rows.flatMap(([k, ...v]) => [el('dt', {}, k), el('dd', {}, ...v)]));
const timelineTable = (timeline) =>
  el('table', { class: 'timeline' }, el('tbody', {}, ...[...timeline].reverse().map((e) => el('tr', {}, el('td', {}, vnTime(e.at)), el('td', {}, e.text), el('td', {}, e.by ?? '')))));

/** What a path names: a task or instance (/tasks/<workflow id>), a one-stop file (/tasks/file:<code>, /files/<code>), or the overview. */
function target(pathname) {
  if (pathname.startsWith('/files/')) return { kind: 'file', code: decodeURIComponent(pathname.slice('/files/'.length)) };
  if (pathname.startsWith('/tasks/')) {
    const id = decodeURIComponent(pathname.slice('/tasks/'.length));
    return id.startsWith('file:') ? { kind: 'file', code: id.slice('file:'.length) } : { kind: 'task', id };
  }
  return { kind: 'overview' };
}

async function overview() {
  const { tasks } = await api('/api/tasks?limit=2000');
  const counts = {};
  for (const t of tasks) counts[t.status] = (counts[t.status] ?? 0) + 1;
  $('counts').replaceChildren(
    el('div', { class: 'count' }, el('strong', {}, tasks.length), 'Tổng số nhiệm vụ'),
    ...Object.keys(STATUS).filter((s) => counts[s]).map((s) => el('div', { class: `count status-${s}` }, el('strong', {}, counts[s]), STATUS[s])),
  );
  const statusSelect = $('status');
  if (statusSelect.options.length === 1) for (const [k, v] of Object.entries(STATUS)) statusSelect.append(el('option', { value: k }, v));
  const planSelect = $('plan');
  for (const plan of [...new Set(tasks.map((t) => t.plan))].sort()) {
    if (![...planSelect.options].some((o) => o.value === plan)) planSelect.append(el('option', { value: plan }, plan));
  }
  const render = () => {
    const rows = tasks
      .filter((t) => (!statusSelect.value || t.status === statusSelect.value) && (!planSelect.value || t.plan === planSelect.value))
      .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
    $('tasks').tBodies[0].replaceChildren(
      ...rows.map((t) =>
        el(
          'tr',
          {},
          el('td', {}, t.ref ?? ''),
          el('td', {}, el('a', { href: taskHref(t.workflowId) }, t.title ?? t.workflowId)),
          el('td', {}, t.leads.slice(0, 3).join(', ') + (t.leads.length > 3 ? ` và ${t.leads.length - 3} cơ quan khác` : '')),
          el('td', {}, vnDate(t.due)),
          el('td', {}, statusBadge(t.status)),
          el('td', {}, t.escalation ? `Cấp ${t.escalation}` : ''),
        ),
      ),
    );
  };
  statusSelect.onchange = render;
  planSelect.onchange = render;
  render();
  show('overview');
}

/** A form for one action; a field is [name, label, type, 'optional'?]: an optional field left empty is not sent. */
function actionForm(title, fields, submit) {
  const inputs = fields.map(([name, label, type = 'text', optional]) => el('label', {}, label, el('input', { name, type, ...(optional ? {} : { required: '' }) })));
  const form = el('form', {}, el('strong', {}, title), ...inputs, el('button', { type: 'submit' }, title));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    try {
      await submit(values);
      await taskPage(target(location.pathname).id);
      $('error').hidden = true;
    } catch (err) {
      fail(err);
    }
  });
  return form;
}

async function taskPage(id) {
  const t = await api(`/api/tasks/${encodeURIComponent(id)}`);
  const me = auth.user;
  const act = (action, body) => api(`/api/tasks/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
  const open = TASK_ACTORS.includes(me.role) && !['done_on_time', 'done_late', 'cancelled'].includes(t.status);
  const actions = [];
  if (open && t.obligations.length > 0) {
    actions.push(actionForm('Báo cáo hoàn thành', [['evidence', 'Số văn bản hoặc đường dẫn minh chứng'], ['note', 'Ghi chú (không bắt buộc)', 'text', 'optional']], (v) => act('complete', v)));
    actions.push(actionForm('Báo cáo tiến độ', [['percent', 'Tiến độ (%)', 'number'], ['note', 'Nội dung']], (v) => act('progress', { ...v, percent: Number(v.percent) })));
  }
  if (open && t.escalationLevel > 0) {
    actions.push(actionForm('Xác nhận báo cáo', [['level', 'Cấp', 'number'], ['comment', 'Ý kiến']], (v) => act('acknowledge', { ...v, level: Number(v.level) })));
  }
  if (open && me.role !== 'agency' && t.obligations.length > 0) {
    actions.push(actionForm('Gia hạn', [['newDue', 'Hạn mới', 'date'], ['reason', 'Lý do'], ['approvedBy', 'Người phê duyệt']], (v) => act('extend', v)));
  }
  // An instance's id is its task's id and "/<period>": it links back to the task, which lists its instances.
  const slash = id.indexOf('/');
  const parent = slash > 0 ? id.slice(0, slash) : null;
  const instances = t.instances ?? [];
  $('task').replaceChildren(
    el('p', {}, el('a', { href: '/' }, '← Danh sách nhiệm vụ')),
    ...(parent ? [el('p', { class: 'parent' }, 'Một kỳ của nhiệm vụ: ', el('a', { href: taskHref(parent) }, 'xem nhiệm vụ'))] : []),
    el('h1', {}, t.facts.title),
    el(
      'dl',
      { class: 'facts' },
      ...[
        ['Kế hoạch', t.facts.planTitle],
        ['Mã nhiệm vụ', t.facts.ref],
        ['Sản phẩm', t.facts.product ?? '—'],
        ['Cơ quan chủ trì', t.facts.lead.join(', ')],
        ['Thời gian (theo kế hoạch)', t.facts.deadlineText],
        ['Cách tính thời hạn', t.facts.explanation],
        ['Hạn', vnDate(t.due) + (t.extended ? ' (đã gia hạn)' : '')],
      ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
      el('dt', {}, 'Tình trạng'),
      el('dd', {}, statusBadge(t.status), t.escalationLevel ? ` — đã báo cáo cấp ${t.escalationLevel}` : ''),
    ),
    el('h2', {}, 'Phần việc của từng cơ quan'),
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Cơ quan'), el('th', {}, 'Mốc'), el('th', {}, 'Hạn'), el('th', {}, 'Tình trạng'), el('th', {}, 'Tiến độ'))),
      el(
        'tbody',
        {},
        ...t.obligations.map((o) =>
          el('tr', {}, el('td', {}, o.agency), el('td', {}, o.label), el('td', {}, vnDate(o.due)), el('td', {}, statusBadge(o.status)), el('td', {}, o.progress ? `${o.progress.percent}% – ${o.progress.note}` : '')),
        ),
      ),
    ),
    ...(instances.length > 0
      ? [
          el('h2', {}, 'Các kỳ thực hiện'),
          el(
            'table',
            { class: 'instances' },
            el('thead', {}, el('tr', {}, el('th', {}, 'Kỳ'), el('th', {}, 'Hạn'), el('th', {}, 'Tình trạng'))),
            el('tbody', {}, ...instances.map((i) => el('tr', {}, el('td', {}, el('a', { href: taskHref(i.workflowId) }, i.label)), el('td', {}, vnDate(i.due)), el('td', {}, statusBadge(i.status))))),
          ),
        ]
      : []),
    el('div', { class: 'actions' }, ...actions),
    el('h2', {}, 'Diễn biến'),
    timelineTable(t.timeline),
  );
  show('task');
}

/** Opens a file's apology letter (an authenticated request) in a new tab. */
async function openLetter(code) {
  const res = await request(`/api/one-stop/files/${encodeURIComponent(code)}/apology.html`);
  window.open(URL.createObjectURL(await res.blob()), '_blank', 'noopener');
}

async function filePage(code) {
  const f = await api(`/api/one-stop/files/${encodeURIComponent(code)}`);
  const file = f.file;
  const rows = [
    ['Mã hồ sơ', file.code],
    ['Thủ tục hành chính', `${file.procedure.name} (${file.procedure.code})`],
    ['Thời hạn giải quyết', `${file.procedure.workingDays} ngày làm việc`],
    ['Người nộp hồ sơ', file.applicant.name],
    ['Nơi tiếp nhận', file.receivingUnit],
    ['Thời điểm tiếp nhận', vnTime(file.receivedAt)],
    ['Cơ quan giải quyết', file.agencies.join(' → ')],
    ['Cơ quan đang giữ hồ sơ', f.holder],
    ['Ngày hẹn trả kết quả', appointmentText(f.appointment)],
  ];
  if (f.originalAppointment && f.appointment && f.originalAppointment.date !== f.appointment.date) rows.push(['Ngày hẹn ban đầu', appointmentText(f.originalAppointment)]);
  if (f.clock?.explanation) rows.push(['Cách tính thời hạn', f.clock.explanation]);
  rows.push(['Tình trạng', fileStatusBadge(f.status), f.escalationLevel ? ` — đã báo cáo cấp ${f.escalationLevel}` : '']);
  if (f.late) rows.push(['Trễ hẹn', `từ ngày ${vnDate(f.late.since)} (${f.late.agency})`]);
  if (f.apologyBy && !f.apology) rows.push(['Hạn gửi phiếu xin lỗi', vnDate(f.apologyBy)]);
  if (f.result) rows.push(['Kết quả', `${vnTime(f.result.at)} – ${f.result.agency}`]);
  if (f.returnedAt) rows.push(['Đã trả kết quả', vnTime(f.returnedAt)]);
  if (f.withdrawn) rows.push(['Rút hồ sơ', `${vnTime(f.withdrawn.at)} – ${f.withdrawn.reason}`]);
  const apology = f.apology
    ? [
        el('h2', {}, 'Phiếu xin lỗi và hẹn lại ngày trả kết quả'),
        factList([
          ['Số phiếu', f.apology.number],
          ['Ngày', vnDate(f.apology.date)],
          ['Người ký', `${f.apology.signer}, ${f.apology.signerTitle}`],
          ['Lý do', f.apology.reason],
          ['Ngày hẹn mới', appointmentText(f.apology.newAppointment)],
        ]),
        el('button', { type: 'button', onclick: () => openLetter(file.code).catch(fail) }, 'Xem phiếu xin lỗi'),
      ]
    : [];
  $('file').replaceChildren(
    el('p', {}, el('a', { href: '/' }, '← Trang chủ')),
    el('h1', {}, `Hồ sơ ${file.code}`),
    factList(rows),
    ...apology,
    el('h2', {}, 'Diễn biến'),
    timelineTable(f.timeline),
  );
  show('file');
}

/** The page the address names, for the signed-in account. */
async function route() {
  $('error').hidden = true;
  try {
    const where = target(location.pathname);
    if (where.kind === 'file') await filePage(where.code);
    else if (where.kind === 'task') await taskPage(where.id);
    else await overview();
  } catch (err) {
    show(null);
    fail(err);
  }
}

/** The signed-in account in the header: name, role, agency and jurisdiction (by name when the directory has them). */
async function showWho() {
  const user = auth.user;
  $('who').hidden = !user;
  $('logout').hidden = !user;
  if (!user) return $('who').replaceChildren();
  const render = (agency, jurisdiction) =>
    $('who').replaceChildren(
      el('strong', { class: 'who-name' }, user.name),
      el('span', { class: 'who-role' }, ROLE[user.role] ?? user.role),
      ...[agency, jurisdiction].filter(Boolean).map((name) => el('span', { class: 'who-place' }, name)),
    );
  render(user.agency, user.jurisdiction);
  // Accounts name their agency and jurisdiction by id: show their names once the directory is read.
  if (![user.agency, user.jurisdiction].some((v) => v && /^[a-z0-9-]+$/.test(v))) return;
  try {
    const directory = await api('/api/directory');
    const agency = directory.agencies.find((a) => a.id === user.agency)?.name ?? user.agency;
    const jurisdiction = directory.jurisdictions.find((j) => j.id === user.jurisdiction)?.name ?? user.jurisdiction;
    if (auth.user === user) render(agency, jurisdiction);
  } catch {
    // The ids stay shown.
  }
}

/** A line above the sign-in form: why the user is there ('notice') or why signing in failed ('error'). */
function loginNotice(message, kind) {
  $('login-message').className = kind;
  $('login-message').textContent = message ?? '';
  $('login-message').hidden = !message;
}

/** Back to the sign-in form, forgetting the session; `message` says why. */
function signedOut(message) {
  auth.user = null;
  auth.csrfToken = null;
  sessionStorage.removeItem(TOKEN_KEY);
  void showWho();
  // Nothing of the previous account stays in the page.
  for (const id of ['task', 'file', 'counts']) $(id).replaceChildren();
  $('tasks').tBodies[0].replaceChildren();
  for (const option of [...$('plan').options].slice(1)) option.remove();
  $('error').hidden = true;
  loginNotice(message, 'notice');
  show('login');
  $('username').focus();
}

function signedIn(user, csrfToken) {
  auth.user = user;
  auth.csrfToken = csrfToken;
  $('login-message').hidden = true;
  $('password').value = '';
  $('token').value = '';
  void showWho();
  return route();
}

/** Who this page works for: the cookie session, or the access token this tab holds. */
async function start() {
  try {
    if (bearer()) await signedIn(await api('/api/me'), null);
    else {
      const session = await api('/api/session');
      await signedIn(session.user, session.csrfToken);
    }
  } catch (err) {
    if (err.status === 401) signedOut(bearer() ? err.message : undefined);
    else fail(err);
  }
}

/** Sign-in forms: a refusal (wrong password, too many attempts) is said on the form itself. */
function onSignIn(form, signIn) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await signIn();
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      loginNotice(err.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
}

onSignIn($('login-form'), async () => {
  sessionStorage.removeItem(TOKEN_KEY);
  const session = await api('/api/session', { method: 'POST', body: { login: $('username').value.trim(), password: $('password').value } });
  await signedIn(session.user, session.csrfToken);
});

onSignIn($('token-form'), async () => {
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  await signedIn(await api('/api/me'), null);
});

$('logout').addEventListener('click', async () => {
  try {
    if (!bearer()) await request('/api/session', { method: 'DELETE' });
  } catch (err) {
    // Already over (401): signed out all the same.
    if (err.status !== 401) return fail(err);
  }
  history.replaceState(null, '', '/');
  signedOut(LOGGED_OUT);
});

start();
