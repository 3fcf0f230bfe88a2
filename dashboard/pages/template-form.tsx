/**
 * Creating a template, or editing one (saved as a new version): every field as a form — identity,
 * the deadline rule (a phrase, a structured schedule or one date), reminder offsets with the hour,
 * the ladder as rows to add and remove, texts per kind of message with the placeholders each may
 * use, matching rules — and a preview of the draft before saving. The server checks it; each
 * Vietnamese refusal shows at the field it names.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, RequestError } from '../api';
import { Loading, PageError } from '../components';
import { useLoad, messageOf } from '../load';
import { navigate } from '../router';
import { useSession } from '../session';
import { ALLOWED_PLACEHOLDERS, PLACEHOLDER_MEANINGS, type TaskMessageKind } from '../../domain/templates/placeholders';
import type { Template, TemplateInput } from '../../domain/templates/schema';
import type { Period, Recurrence } from '../../domain/schedule';
import {
  APPLIES_TO_NAMES,
  fieldErrors,
  LEVEL_RECIPIENT_NAMES,
  PERIOD_NAMES,
  TASK_MESSAGE_KIND_NAMES,
  TASK_MESSAGE_KINDS,
  TEMPLATE_CATEGORIES,
  templateHref,
  TemplatePreview,
  type SavedTemplate,
  type TemplateDetail,
} from './template-shared';

type LevelRow = { afterWorkingDays: string; to: string; account: string; requireAck: boolean; repeatEveryWorkingDays: string };
/** `rest`: the rule's other settings (weekday, time, the period reported on), kept as they were. */
type RecurrenceRow = { every: Period; day: string; month: string; monthOfPeriod: string; before: boolean; rest: Record<string, unknown> };
type Texts = { subject: string; body: string; action: string };
type Draft = {
  name: string;
  description: string;
  category: string;
  appliesTo: 'task' | 'file';
  deadlineType: 'none' | 'phrase' | 'date' | 'recurring';
  phrase: string;
  date: string;
  recurrence: RecurrenceRow[];
  offsets: string[];
  hour: string;
  levels: LevelRow[];
  messages: Record<TaskMessageKind, Texts>;
  plans: string;
  areas: string;
  productTypes: string;
  leads: string;
  words: string;
  every: Period[];
  fallback: boolean;
  checkinEvery: Period;
};

const PERIODS = Object.keys(PERIOD_NAMES) as Period[];
const lines = (list: string[] | undefined) => (list ?? []).join('\n');
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
/** A number field as typed: blank is sent as null (the server names the field), anything else as a number. */
const num = (text: string): number | null => (text.trim() === '' ? null : Number(text));
const optionalNum = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

function draftOf(t: Template | null): Draft {
  const deadline = t?.deadline ?? null;
  return {
    name: t?.name ?? '',
    description: t?.description ?? '',
    category: t?.category ?? TEMPLATE_CATEGORIES[0]!,
    appliesTo: t?.appliesTo ?? 'task',
    deadlineType: deadline?.type ?? 'none',
    phrase: deadline?.type === 'phrase' ? deadline.phrase : '',
    date: deadline?.type === 'date' ? deadline.due : '',
    recurrence:
      deadline?.type === 'recurring'
        ? deadline.recurrence.map(({ every, day, month, monthOfPeriod, before, ...rest }) => ({
            every,
            day: day?.toString() ?? '',
            month: month?.toString() ?? '',
            monthOfPeriod: monthOfPeriod ?? '',
            before: before ?? false,
            rest,
          }))
        : [{ every: 'quarter', day: '15', month: '', monthOfPeriod: 'last', before: false, rest: {} }],
    offsets: (t?.reminders.workingDaysBefore ?? [7, 1, 0]).map(String),
    hour: t?.reminders.hour ?? '08:00',
    levels: (
      t?.escalation ?? [
        { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 3 },
        { level: 2, afterWorkingDays: 5, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 5 },
        { level: 3, afterWorkingDays: 15, to: 'chair', requireAck: true, repeatEveryWorkingDays: 10 },
      ]
    ).map((l) => ({
      afterWorkingDays: String(l.afterWorkingDays),
      to: l.to ?? '',
      account: l.account ?? '',
      requireAck: l.requireAck,
      repeatEveryWorkingDays: String(l.repeatEveryWorkingDays),
    })),
    messages: Object.fromEntries(
      TASK_MESSAGE_KINDS.map((k) => [k, { subject: t?.messages[k]?.subject ?? '', body: t?.messages[k]?.body ?? '', action: t?.messages[k]?.action ?? '' }]),
    ) as Record<TaskMessageKind, Texts>,
    plans: lines(t?.matching.plans),
    areas: lines(t?.matching.areas),
    productTypes: lines(t?.matching.productTypes),
    leads: lines(t?.matching.leads),
    words: lines(t?.matching.words),
    every: t?.matching.every ?? [],
    fallback: t?.fallback ?? false,
    checkinEvery: t?.checkinEvery ?? 'quarter',
  };
}

/** The draft as the API takes it (TemplateSchema); what is blank is left out. */
function templateOf(d: Draft): TemplateInput {
  const recurrence = d.recurrence.map((r): Recurrence => {
    const out: Record<string, unknown> = { ...r.rest, every: r.every };
    if (r.day.trim()) out.day = Number(r.day);
    if (r.month.trim()) out.month = Number(r.month);
    if (r.monthOfPeriod) out.monthOfPeriod = r.monthOfPeriod;
    if (r.before) out.before = true;
    return out as Recurrence;
  });
  const messages: TemplateInput['messages'] = {};
  for (const k of TASK_MESSAGE_KINDS) {
    const t = d.messages[k];
    const texts = {
      ...(t.subject.trim() ? { subject: t.subject } : {}),
      ...(t.body.trim() ? { body: t.body } : {}),
      ...(t.action.trim() ? { action: t.action } : {}),
    };
    if (Object.keys(texts).length > 0) messages[k] = texts;
  }
  return {
    name: d.name,
    description: d.description,
    category: d.category,
    appliesTo: d.appliesTo,
    deadline:
      d.deadlineType === 'phrase'
        ? { type: 'phrase', phrase: d.phrase }
        : d.deadlineType === 'date'
          ? { type: 'date', due: d.date }
          : d.deadlineType === 'recurring'
            ? { type: 'recurring', recurrence }
            : null,
    reminders: { workingDaysBefore: d.offsets.map(num) as number[], hour: d.hour },
    escalation: d.levels.map((l, i) => ({
      level: i + 1,
      afterWorkingDays: num(l.afterWorkingDays) as number,
      ...(l.to ? { to: l.to as 'head' } : {}),
      ...(l.account.trim() ? { account: l.account.trim() } : {}),
      requireAck: l.requireAck,
      repeatEveryWorkingDays: num(l.repeatEveryWorkingDays) as number,
    })),
    messages,
    matching: {
      plans: fromLines(d.plans),
      areas: fromLines(d.areas),
      productTypes: fromLines(d.productTypes),
      leads: fromLines(d.leads),
      words: fromLines(d.words),
      every: d.every,
    },
    fallback: d.fallback,
    checkinEvery: d.checkinEvery,
  };
}

type Errors = Map<string, string[]>;

/** The refusals of one field (its path and any path under it: "escalation.1" takes "escalation.1.to"). */
function errorsAt(errors: Errors, path: string, exact = false): string[] {
  return [...errors].filter(([p]) => p === path || (!exact && p.startsWith(`${path}.`))).flatMap(([, texts]) => texts);
}

/** One field with its label and, under it, the server's refusals that name it. */
function At(props: {
  path: string;
  errors: Errors;
  /** Forgets the field's refusals once it is edited. */
  clear: (path: string) => void;
  label: string;
  wide?: boolean;
  children: ComponentChildren;
  exact?: boolean;
  hint?: ComponentChildren;
  after?: ComponentChildren;
}) {
  const { path, errors, label, wide, children, exact, hint } = props;
  const found = errorsAt(errors, path, exact);
  const id = `err-${path.replace(/\./g, '-')}`;
  return (
    <div
      class={`field ${wide ? 'wide' : ''}`}
      data-path={path}
      data-invalid={found.length > 0 ? 'true' : undefined}
      onInput={() => found.length > 0 && props.clear(path)}
      onChange={() => found.length > 0 && props.clear(path)}
    >
      <label>
        <span>{label}</span>
        {children}
      </label>
      {props.after}
      {hint ? <small class="hint">{hint}</small> : null}
      {found.length > 0 ? (
        <p class="field-error" id={id}>
          {found.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

const invalid = (errors: Errors, path: string) => (errorsAt(errors, path).length > 0 ? 'true' : undefined);

function Placeholders({ kind }: { kind: TaskMessageKind }) {
  return (
    <p class="hint placeholders">
      Trường thay thế dùng được:{' '}
      {ALLOWED_PLACEHOLDERS[kind].map((p, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <code title={PLACEHOLDER_MEANINGS[p]}>{`{${p}}`}</code> ({PLACEHOLDER_MEANINGS[p]})
        </>
      ))}
      .
    </p>
  );
}

function Form({ saved }: { saved: SavedTemplate | null }) {
  const [d, setDraft] = useState<Draft>(() => draftOf(saved?.template ?? null));
  const [errors, setErrors] = useState<Errors>(new Map());
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  /** Set by a refusal just received: the next render moves the focus to its first field (not while fixing them). */
  const refused = useRef(false);
  const edit = (change: (d: Draft) => void) =>
    setDraft((before) => {
      const next = structuredClone(before);
      change(next);
      return next;
    });
  const input = (change: (d: Draft, value: string) => void) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }) => {
    const value = e.currentTarget.value;
    edit((x) => change(x, value));
  };

  const clear = (path: string) => setErrors((before) => new Map([...before].filter(([p]) => p !== path && !p.startsWith(`${path}.`))));
  const showErrors = (message: string) => {
    const found = fieldErrors(message);
    setGeneral(found.get('') ?? []);
    found.delete('');
    refused.current = true;
    setErrors(found);
  };
  // After a refusal, the first field it names takes the focus.
  useEffect(() => {
    if (!refused.current || errors.size === 0) return;
    refused.current = false;
    form.current?.querySelector<HTMLElement>('[data-invalid="true"] input, [data-invalid="true"] textarea, [data-invalid="true"] select')?.focus();
  }, [errors]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors(new Map());
    setGeneral([]);
    try {
      const body = templateOf(d);
      const answer = saved
        ? await api<SavedTemplate>(`/api/templates/${encodeURIComponent(saved.id)}`, { method: 'PUT', body })
        : await api<SavedTemplate>('/api/templates', { method: 'POST', body });
      navigate(templateHref(answer.id, `?saved=${answer.version}`));
    } catch (err) {
      if (!(err instanceof RequestError && err.status === 401)) showErrors(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const allErrors = [...general, ...[...errors.values()].flat()];
  return (
    <>
      <form id="template-form" class="template-form" ref={form} onSubmit={submit} noValidate aria-busy={busy}>
        <div class="form-error" role="alert" hidden={allErrors.length === 0}>
          <strong>Mẫu chưa lưu được:</strong>
          <ul>
            {allErrors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>

        <fieldset class="group">
          <legend>Thông tin chung</legend>
          <div class="fields">
            <At path="name" errors={errors} clear={clear} label="Tên mẫu *" wide>
              <input name="name" value={d.name} aria-invalid={invalid(errors, 'name')} onInput={input((x, v) => (x.name = v))} required />
            </At>
            <At path="category" errors={errors} clear={clear} label="Nhóm mẫu *">
              <input
                name="category"
                list="template-categories"
                value={d.category}
                aria-invalid={invalid(errors, 'category')}
                onInput={input((x, v) => (x.category = v))}
              />
              <datalist id="template-categories">
                {TEMPLATE_CATEGORIES.map((c) => (
                  <option value={c} />
                ))}
              </datalist>
            </At>
            <At path="appliesTo" errors={errors} clear={clear} label="Áp dụng cho">
              <select name="appliesTo" value={d.appliesTo} onChange={input((x, v) => (x.appliesTo = v as 'task'))}>
                {Object.entries(APPLIES_TO_NAMES).map(([k, v]) => (
                  <option value={k}>{v}</option>
                ))}
              </select>
            </At>
            <At path="description" errors={errors} clear={clear} label="Mô tả" wide>
              <textarea name="description" rows={2} value={d.description} onInput={input((x, v) => (x.description = v))} />
            </At>
          </div>
        </fieldset>

        <fieldset class="group" id="deadline-rule">
          <legend>Quy tắc thời hạn</legend>
          <div class="choices" role="radiogroup" aria-label="Dạng quy tắc thời hạn">
            {(
              [
                ['none', 'Theo thời hạn ghi trong kế hoạch'],
                ['phrase', 'Cụm từ như trong kế hoạch'],
                ['recurring', 'Lịch định kỳ'],
                ['date', 'Một ngày cố định'],
              ] as const
            ).map(([value, label]) => (
              <label class="field checkbox">
                <input
                  type="radio"
                  name="deadlineType"
                  value={value}
                  checked={d.deadlineType === value}
                  onChange={() => edit((x) => (x.deadlineType = value))}
                />{' '}
                {label}
              </label>
            ))}
          </div>
          <div class="fields">
            {d.deadlineType === 'phrase' ? (
              <At
                path="deadline.phrase"
                errors={errors}
                clear={clear}
                label="Cụm từ thời hạn"
                wide
                hint="Ví dụ: “Trước ngày 15 của tháng cuối quý”, “Hằng năm, trước ngày 25/12”."
              >
                <input name="deadline.phrase" value={d.phrase} aria-invalid={invalid(errors, 'deadline.phrase')} onInput={input((x, v) => (x.phrase = v))} />
              </At>
            ) : null}
            {d.deadlineType === 'date' ? (
              <At path="deadline.due" errors={errors} clear={clear} label="Hạn">
                <input name="deadline.due" type="date" value={d.date} aria-invalid={invalid(errors, 'deadline.due')} onInput={input((x, v) => (x.date = v))} />
              </At>
            ) : null}
          </div>
          {d.deadlineType === 'recurring' ? (
            <div class="rows" data-path="deadline.recurrence">
              {d.recurrence.map((r, i) => (
                <div class="row-fields">
                  <At path={`deadline.recurrence.${i}.every`} errors={errors} clear={clear} label={`Kỳ ${i + 1}`}>
                    <select name={`deadline.recurrence.${i}.every`} value={r.every} onChange={input((x, v) => (x.recurrence[i]!.every = v as Period))}>
                      {PERIODS.map((p) => (
                        <option value={p}>{PERIOD_NAMES[p]}</option>
                      ))}
                    </select>
                  </At>
                  <At path={`deadline.recurrence.${i}.day`} errors={errors} clear={clear} label="Ngày hạn">
                    <input
                      type="number"
                      min={1}
                      max={31}
                      name={`deadline.recurrence.${i}.day`}
                      value={r.day}
                      onInput={input((x, v) => (x.recurrence[i]!.day = v))}
                    />
                  </At>
                  <At path={`deadline.recurrence.${i}.month`} errors={errors} clear={clear} label="Tháng (kỳ năm)">
                    <input
                      type="number"
                      min={1}
                      max={12}
                      name={`deadline.recurrence.${i}.month`}
                      value={r.month}
                      onInput={input((x, v) => (x.recurrence[i]!.month = v))}
                    />
                  </At>
                  <At path={`deadline.recurrence.${i}.monthOfPeriod`} errors={errors} clear={clear} label="Tháng trong kỳ">
                    <select
                      name={`deadline.recurrence.${i}.monthOfPeriod`}
                      value={r.monthOfPeriod}
                      onChange={input((x, v) => (x.recurrence[i]!.monthOfPeriod = v))}
                    >
                      <option value="">—</option>
                      <option value="first">tháng đầu</option>
                      <option value="second">tháng thứ hai</option>
                      <option value="last">tháng cuối</option>
                    </select>
                  </At>
                  <label class="field checkbox">
                    <input type="checkbox" checked={r.before} onChange={(e) => edit((x) => (x.recurrence[i]!.before = e.currentTarget.checked))} /> “Trước ngày”
                    (hạn là ngày hôm trước)
                  </label>
                  <button type="button" class="link danger" onClick={() => edit((x) => x.recurrence.splice(i, 1))} aria-label={`Bỏ kỳ ${i + 1}`}>
                    Bỏ
                  </button>
                </div>
              ))}
              {errorsAt(errors, 'deadline.recurrence', true).map((e) => (
                <p class="field-error">{e}</p>
              ))}
              <button
                type="button"
                class="secondary"
                onClick={() => edit((x) => x.recurrence.push({ every: 'month', day: '', month: '', monthOfPeriod: '', before: false, rest: {} }))}
              >
                Thêm kỳ
              </button>
            </div>
          ) : null}
        </fieldset>

        <fieldset class="group" id="reminders">
          <legend>Nhắc việc trước hạn</legend>
          <div class="fields" data-path="reminders.workingDaysBefore">
            {d.offsets.map((o, i) => (
              <At
                path={`reminders.workingDaysBefore.${i}`}
                errors={errors}
                clear={clear}
                label={`Lần ${i + 1}: trước hạn (ngày làm việc)`}
                after={
                  <button type="button" class="link danger" onClick={() => edit((x) => x.offsets.splice(i, 1))} aria-label={`Bỏ lần nhắc ${i + 1}`}>
                    Bỏ
                  </button>
                }
              >
                <input
                  type="number"
                  min={0}
                  max={60}
                  name={`reminders.workingDaysBefore.${i}`}
                  value={o}
                  aria-invalid={invalid(errors, `reminders.workingDaysBefore.${i}`)}
                  onInput={input((x, v) => (x.offsets[i] = v))}
                />
              </At>
            ))}
            <At path="reminders.hour" errors={errors} clear={clear} label="Giờ gửi">
              <input
                type="time"
                name="reminders.hour"
                value={d.hour}
                aria-invalid={invalid(errors, 'reminders.hour')}
                onInput={input((x, v) => (x.hour = v))}
              />
            </At>
          </div>
          {errorsAt(errors, 'reminders.workingDaysBefore', true).map((e) => (
            <p class="field-error">{e}</p>
          ))}
          <p class="hint">0 là đúng ngày hạn. Lần nhắc đầu tiên chuyển nhiệm vụ sang “Sắp đến hạn”.</p>
          <button type="button" class="secondary" id="add-reminder" onClick={() => edit((x) => x.offsets.push(''))} disabled={d.offsets.length >= 10}>
            Thêm lần nhắc
          </button>
        </fieldset>

        <fieldset class="group" id="ladder">
          <legend>Các cấp báo cáo khi quá hạn</legend>
          {d.levels.map((l, i) => (
            <div class="row-fields level-row" data-level={i + 1}>
              <strong class="row-title">Cấp {i + 1}</strong>
              <At path={`escalation.${i}.afterWorkingDays`} errors={errors} clear={clear} label="Sau (ngày làm việc quá hạn)">
                <input
                  type="number"
                  min={0}
                  max={250}
                  name={`escalation.${i}.afterWorkingDays`}
                  value={l.afterWorkingDays}
                  aria-invalid={invalid(errors, `escalation.${i}.afterWorkingDays`)}
                  onInput={input((x, v) => (x.levels[i]!.afterWorkingDays = v))}
                />
              </At>
              <At path={`escalation.${i}.to`} errors={errors} clear={clear} label="Nơi nhận">
                <select
                  name={`escalation.${i}.to`}
                  value={l.to}
                  aria-invalid={invalid(errors, `escalation.${i}.to`)}
                  onChange={input((x, v) => (x.levels[i]!.to = v))}
                >
                  <option value="">— Chọn nơi nhận —</option>
                  {Object.entries(LEVEL_RECIPIENT_NAMES).map(([k, v]) => (
                    <option value={k}>{v}</option>
                  ))}
                </select>
              </At>
              {l.to === 'account' || l.account ? (
                <At path={`escalation.${i}.account`} errors={errors} clear={clear} label="Tên đăng nhập của tài khoản">
                  <input
                    name={`escalation.${i}.account`}
                    value={l.account}
                    aria-invalid={invalid(errors, `escalation.${i}.account`)}
                    onInput={input((x, v) => (x.levels[i]!.account = v))}
                  />
                </At>
              ) : null}
              <At path={`escalation.${i}.repeatEveryWorkingDays`} errors={errors} clear={clear} label="Nhắc lại mỗi (ngày làm việc)">
                <input
                  type="number"
                  min={0}
                  max={250}
                  name={`escalation.${i}.repeatEveryWorkingDays`}
                  value={l.repeatEveryWorkingDays}
                  aria-invalid={invalid(errors, `escalation.${i}.repeatEveryWorkingDays`)}
                  onInput={input((x, v) => (x.levels[i]!.repeatEveryWorkingDays = v))}
                />
              </At>
              <label class="field checkbox">
                <input
                  type="checkbox"
                  name={`escalation.${i}.requireAck`}
                  checked={l.requireAck}
                  onChange={(e) => edit((x) => (x.levels[i]!.requireAck = e.currentTarget.checked))}
                />{' '}
                Cần xác nhận
              </label>
              <button type="button" class="link danger" onClick={() => edit((x) => x.levels.splice(i, 1))} aria-label={`Bỏ cấp ${i + 1}`}>
                Bỏ cấp này
              </button>
              {errorsAt(errors, `escalation.${i}.level`).map((e) => (
                <p class="field-error">{e}</p>
              ))}
            </div>
          ))}
          {errorsAt(errors, 'escalation', true).map((e) => (
            <p class="field-error">{e}</p>
          ))}
          <button
            type="button"
            class="secondary"
            id="add-level"
            disabled={d.levels.length >= 10}
            onClick={() =>
              edit((x) => {
                const last = x.levels.at(-1);
                x.levels.push({
                  afterWorkingDays: String(Number(last?.afterWorkingDays ?? 0) + 5),
                  to: '',
                  account: '',
                  requireAck: true,
                  repeatEveryWorkingDays: '5',
                });
              })
            }
          >
            Thêm cấp
          </button>
        </fieldset>

        <fieldset class="group" id="texts">
          <legend>Nội dung thư theo loại</legend>
          <p class="hint">Để trống thì dùng nội dung mặc định của dondoc. Nội dung: các đoạn cách nhau bằng một dòng trống.</p>
          {TASK_MESSAGE_KINDS.map((k) => {
            const t = d.messages[k];
            const open = Boolean(t.subject || t.body || t.action) || errorsAt(errors, `messages.${k}`).length > 0;
            return (
              <details class="kind-texts" data-kind={k} open={open}>
                <summary>{TASK_MESSAGE_KIND_NAMES[k]}</summary>
                <Placeholders kind={k} />
                <div class="fields">
                  <At path={`messages.${k}.subject`} errors={errors} clear={clear} label="Tiêu đề" wide>
                    <input
                      name={`messages.${k}.subject`}
                      value={t.subject}
                      aria-invalid={invalid(errors, `messages.${k}.subject`)}
                      onInput={input((x, v) => (x.messages[k].subject = v))}
                    />
                  </At>
                  <At path={`messages.${k}.body`} errors={errors} clear={clear} label="Nội dung" wide>
                    <textarea
                      name={`messages.${k}.body`}
                      rows={4}
                      value={t.body}
                      aria-invalid={invalid(errors, `messages.${k}.body`)}
                      onInput={input((x, v) => (x.messages[k].body = v))}
                    />
                  </At>
                  <At path={`messages.${k}.action`} errors={errors} clear={clear} label="Nhãn đường dẫn">
                    <input
                      name={`messages.${k}.action`}
                      value={t.action}
                      aria-invalid={invalid(errors, `messages.${k}.action`)}
                      onInput={input((x, v) => (x.messages[k].action = v))}
                    />
                  </At>
                </div>
              </details>
            );
          })}
        </fieldset>

        <fieldset class="group" id="matching">
          <legend>Quy tắc áp dụng cho nhiệm vụ khi nhập kế hoạch</legend>
          <p class="hint">
            Mỗi ô một mục mỗi dòng. Mọi tiêu chí đã ghi phải thỏa; trong một tiêu chí chỉ cần một mục khớp. Từ ngữ: mỗi dòng phải có trong nhiệm vụ, một dòng có
            thể ghi các cách viết thay thế bằng “|” (cải cách hành chính|CCHC). Lựa chọn trực tiếp khi xem trước kế hoạch được ưu tiên hơn quy tắc.
          </p>
          <div class="fields">
            {(
              [
                ['plans', 'Kế hoạch (mã hoặc tên)'],
                ['areas', 'Lĩnh vực'],
                ['productTypes', 'Loại sản phẩm (Kế hoạch, Báo cáo, Quyết định…)'],
                ['leads', 'Cơ quan chủ trì'],
                ['words', 'Từ ngữ trong nhiệm vụ'],
              ] as const
            ).map(([k, label]) => (
              <At path={`matching.${k}`} errors={errors} clear={clear} label={label}>
                <textarea name={`matching.${k}`} rows={2} value={d[k]} aria-invalid={invalid(errors, `matching.${k}`)} onInput={input((x, v) => (x[k] = v))} />
              </At>
            ))}
          </div>
          <fieldset class="choices inline-choices">
            <legend>Kỳ của nhiệm vụ định kỳ</legend>
            {PERIODS.map((p) => (
              <label class="field checkbox">
                <input
                  type="checkbox"
                  name="matching.every"
                  value={p}
                  checked={d.every.includes(p)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    edit((x) => (x.every = on ? [...x.every, p] : x.every.filter((q) => q !== p)));
                  }}
                />{' '}
                {PERIOD_NAMES[p]}
              </label>
            ))}
          </fieldset>
          <div class="fields">
            <label class="field checkbox">
              <input type="checkbox" name="fallback" checked={d.fallback} onChange={(e) => edit((x) => (x.fallback = e.currentTarget.checked))} /> Mẫu chung (áp
              dụng khi không mẫu nào khác khớp)
            </label>
            <At path="checkinEvery" errors={errors} clear={clear} label="Nhiệm vụ thường xuyên: hỏi tiến độ">
              <select name="checkinEvery" value={d.checkinEvery} onChange={input((x, v) => (x.checkinEvery = v as Period))}>
                {PERIODS.map((p) => (
                  <option value={p}>{PERIOD_NAMES[p]}</option>
                ))}
              </select>
            </At>
          </div>
        </fieldset>
      </form>
      <TemplatePreview template={() => templateOf(d)} onFieldErrors={showErrors} />
      <div class="form-buttons">
        <button type="submit" form="template-form" id="save-template" disabled={busy}>
          {busy ? 'Đang lưu…' : saved ? `Lưu thành phiên bản ${saved.version + 1}` : 'Tạo mẫu'}
        </button>
        <a class="button secondary" href={saved ? templateHref(saved.id) : '/admin/templates'}>
          Hủy
        </a>
      </div>
    </>
  );
}

/** /admin/templates/new, and /admin/templates/<id>/edit (from its newest version). */
export function TemplateFormPage({ id }: { id: string | null }) {
  const { user } = useSession();
  const loaded = useLoad(() => (id ? api<TemplateDetail>(`/api/templates/${encodeURIComponent(id)}`) : Promise.resolve(null)), [id]);
  if (user.role !== 'admin') return <PageError message="Chỉ quản trị hệ thống được tạo và sửa mẫu nhiệm vụ." />;
  return (
    <section id="template-edit" class="page">
      <p class="back">
        <a href={id ? templateHref(id) : '/admin/templates'}>← {id ? 'Về trang mẫu' : 'Danh sách mẫu'}</a>
      </p>
      <PageError message={loaded.error} />
      {loaded.loading ? <Loading /> : null}
      {!loaded.loading && !loaded.error ? (
        <>
          <h1>{loaded.data ? `Sửa mẫu: ${loaded.data.template.name}` : 'Tạo mẫu nhiệm vụ'}</h1>
          {loaded.data ? (
            <p class="lead">
              Đang sửa phiên bản {loaded.data.version}. Khi lưu, mẫu có phiên bản mới; mọi phiên bản được giữ, nhiệm vụ đang chạy vẫn theo phiên bản cũ đến khi
              được chuyển.
            </p>
          ) : null}
          <Form saved={loaded.data} />
        </>
      ) : null}
    </section>
  );
}
