/**
 * The Updates of a workflow as one table: for each, the schema of its argument, who may send it,
 * the rule it must pass against the current state, and its effect. `registerUpdates` registers the
 * table the same way for every workflow:
 * - the validator parses the argument once (the handler reuses it; on replay, where validators do
 *   not run, the handler parses it again), checks the role, then the rule; any refusal is an
 *   ApplicationFailure carrying the Vietnamese reason, so nothing reaches the history;
 * - the effect runs guarded (workflows/update-guard.ts): whatever it throws fails the Update, never
 *   the workflow task.
 */
import * as wf from '@temporalio/workflow';
import { ApplicationFailure, TemporalFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import type { UpdateDefinition } from '@temporalio/common';
import { guarded } from './update-guard';

export type Role = 'admin' | 'monitor' | 'agency' | 'system';

export type UpdateRow<Ret, Arg, Input> = {
  update: UpdateDefinition<Ret, [Arg]>;
  schema: z.ZodType<Input, Arg> | z.ZodType<Input>;
  /** Roles that may send it (all when absent), and the action named in the refusal ("gia hạn"). */
  who?: { roles: Role[]; action: string };
  /** The rule against the current state: throws the Vietnamese reason. */
  rule?: (input: Input) => void;
  effect: (input: Input) => Ret | Promise<Ret>;
};

/** One row, typed by its Update definition and schema. */
export function row<Ret, Arg, Input>(r: UpdateRow<Ret, Arg, Input>): UpdateRow<Ret, Arg, Input> {
  return r;
}

/** "path: problem; …" from a schema's issues, in Vietnamese as the schemas write them. */
export function parseArgument<T>(schema: z.ZodType<T, unknown> | z.ZodType<T>, raw: unknown): T {
  const parsed = (schema as z.ZodType<T>).safeParse(raw);
  if (parsed.success) return parsed.data;
  throw refusal(parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; '));
}

function refusal(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: 'InvalidUpdate', nonRetryable: true });
}

function asFailure(err: unknown): TemporalFailure {
  if (err instanceof TemporalFailure) return err;
  return refusal(err instanceof Error ? err.message : String(err));
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

export function registerUpdates(rows: UpdateRow<any, any, any>[]): void {
  for (const r of rows) {
    const parsed = new WeakMap<object, unknown>();
    const input = (raw: unknown): unknown => {
      if (isObject(raw) && parsed.has(raw)) {
        const known = parsed.get(raw);
        parsed.delete(raw);
        return known;
      }
      return parseArgument(r.schema, raw);
    };
    wf.setHandler(
      r.update,
      guarded((raw: unknown) => r.effect(input(raw))),
      {
        validator: (raw: unknown) => {
          try {
            const value = parseArgument(r.schema, raw);
            const role = (value as { actor?: { role?: Role } }).actor?.role;
            if (r.who && (!role || !r.who.roles.includes(role))) throw new Error(`Vai trò ${role ?? 'không rõ'} không được ${r.who.action}.`);
            r.rule?.(value);
            if (isObject(raw)) parsed.set(raw, value);
          } catch (err) {
            throw asFailure(err);
          }
        },
      },
    );
  }
}
