/** Small pieces every page uses: status badges (colour and words), errors, empty lists, forms. */
import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { RequestError } from './api';
import { messageOf } from './load';
import { FILE_STATUS_NAMES, TASK_STATUS_NAMES, tone } from './names';

export function StatusBadge({ status, file = false }: { status: string | null | undefined; file?: boolean }) {
  const names = file ? (FILE_STATUS_NAMES as Record<string, string>) : TASK_STATUS_NAMES;
  return <span class={`status status-${status ?? 'unknown'} tone-${tone(status)}`}>{names[status ?? ''] ?? status ?? '—'}</span>;
}

/** A due date in words, coloured like its status. */
export function DueWords({ words, status }: { words: string | null; status: string | null | undefined }) {
  if (!words) return null;
  return <span class={`due-words tone-${tone(status)}`}>{words}</span>;
}

/** Where a page that could not load says why (the legacy id "error" is kept for links in tests and bookmarks). */
export function PageError({ message }: { message: string | null }) {
  return (
    <p id="error" class="error" role="alert" hidden={!message}>
      {message ?? ''}
    </p>
  );
}

export function Loading() {
  return <p class="loading" role="status">Đang tải…</p>;
}

/** An empty list says why it is empty. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A table that scrolls sideways on a narrow screen instead of running off it. */
export function Table({ id, caption, children, class: className }: { id?: string; caption?: string; children: ComponentChildren; class?: string }) {
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table id={id} class={className}>
        {caption ? <caption class="visually-hidden">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

/** Which field an error names ("evidence: cần …" → evidence), to show it beside that field. */
export function fieldOf(message: string): string | null {
  return /^([a-zA-Z.]+): /.exec(message)?.[1]?.split('.')[0] ?? null;
}

/**
 * A form for one action: submits its fields' values, says the server's refusal inside the form (in
 * Vietnamese, beside the field it names when it names one), and a success line after it.
 */
export function ActionForm(props: {
  title: string;
  submitLabel?: string;
  hint?: ComponentChildren;
  children: ComponentChildren;
  onSubmit: (values: Record<string, string>, form: HTMLFormElement) => Promise<unknown>;
  done?: string;
  class?: string;
  id?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values: Record<string, string> = {};
    new FormData(form).forEach((v, k) => {
      if (typeof v === 'string' && v.trim() !== '') values[k] = v.trim();
    });
    setBusy(true);
    setError(null);
    setOk(null);
    try {
      await props.onSubmit(values, form);
      setOk(props.done ?? 'Đã ghi nhận.');
    } catch (err) {
      if (!(err instanceof RequestError && err.status === 401)) {
        const message = messageOf(err);
        setError(message);
        const field = fieldOf(message);
        const input = field ? form.querySelector<HTMLElement>(`[name="${field}"]`) : null;
        input?.setAttribute('aria-invalid', 'true');
        input?.focus();
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={`action ${props.class ?? ''}`} id={props.id} onSubmit={submit} aria-busy={busy}>
      <h3>{props.title}</h3>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      <div class="fields">{props.children}</div>
      <p class="form-error" role="alert" hidden={!error}>
        {error ?? ''}
      </p>
      <button type="submit" disabled={busy}>
        {props.submitLabel ?? props.title}
      </button>
      <p class="ok" role="status" hidden={!ok}>
        {ok ?? ''}
      </p>
    </form>
  );
}

export function Field(props: { label: string; name: string; type?: string; required?: boolean; value?: string; min?: string | number; max?: string | number; placeholder?: string; hint?: string }) {
  return (
    <label class="field">
      <span>
        {props.label}
        {props.required ? <abbr title="bắt buộc"> *</abbr> : null}
      </span>
      <input
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        required={props.required}
        value={props.value}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        onInput={(e) => e.currentTarget.removeAttribute('aria-invalid')}
      />
      {props.hint ? <small>{props.hint}</small> : null}
    </label>
  );
}

export function TextArea(props: { label: string; name: string; required?: boolean; value?: string; rows?: number }) {
  return (
    <label class="field wide">
      <span>
        {props.label}
        {props.required ? <abbr title="bắt buộc"> *</abbr> : null}
      </span>
      <textarea name={props.name} required={props.required} rows={props.rows ?? 2} value={props.value} />
    </label>
  );
}

export function Select(props: { label: string; name: string; options: [string, string][]; required?: boolean; value?: string; empty?: string; onChange?: (v: string) => void }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select name={props.name} required={props.required} value={props.value} onChange={(e) => props.onChange?.(e.currentTarget.value)}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map(([value, text]) => (
          <option value={value}>{text}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * A filter's choice: the address gives the first selection; what the user then picks stays until
 * the form is sent, whatever re-renders meanwhile (the list arriving, the directory loading).
 */
export function FilterChoice({ name, value, options }: { name: string; value: string | undefined; options: [string, ComponentChildren][] }) {
  return (
    <select name={name}>
      {options.map(([v, label]) => (
        <option value={v} selected={v === value}>
          {label}
        </option>
      ))}
    </select>
  );
}
