/**
 * The domain builds its zod schemas on first use, behind a Proxy (domain/lazy.ts). Zod's JSON Schema
 * generator keys what it has seen by object identity, and a proxy is not its target, so the
 * document is generated from copies without proxies: each proxied schema replaced by a clone of it
 * (same definition, same checks). Schemas without a proxy inside are kept as they are, so those
 * registered with an id still become a `$ref`. Validation keeps using the routes' own schemas.
 */
import { types } from 'node:util';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ScheduleSchema } from '../../domain/schedule';

type Schema = { _zod: { def: Record<string, unknown> }; clone(def?: unknown): Schema };

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { clone?: unknown }).clone === 'function';

const realized = new WeakMap<object, unknown>();

/** The schema without proxies inside (the same object when it has none). */
export function withoutProxies<T>(value: T): T {
  if (!isSchema(value)) return value;
  const known = realized.get(value);
  if (known) return known as T;
  const proxy = types.isProxy(value);
  const base = proxy ? value.clone() : value;
  const def = base._zod.def;
  let changed = proxy;
  const next: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(def)) {
    if (key === 'checks') {
      next[key] = child;
      continue;
    }
    const mapped = mapChild(child);
    if (mapped !== child) changed = true;
    next[key] = mapped;
  }
  if (def.type === 'lazy' && typeof def.getter === 'function') {
    const getter = def.getter as () => unknown;
    let inner: unknown;
    next.getter = () => (inner ??= withoutProxies(getter()));
    changed = true;
  }
  const out = changed ? base.clone(next) : value;
  realized.set(value, out);
  return out as T;
}

function mapChild(child: unknown): unknown {
  if (isSchema(child)) return withoutProxies(child);
  if (Array.isArray(child)) {
    const mapped = child.map(mapChild);
    return mapped.some((m, i) => m !== child[i]) ? mapped : child;
  }
  if (typeof child === 'object' && child !== null && Object.getPrototypeOf(child) === Object.prototype) {
    const entries = Object.entries(child);
    if (!entries.some(([, v]) => isSchema(v))) return child;
    const mapped = Object.fromEntries(entries.map(([k, v]) => [k, mapChild(v)]));
    return entries.some(([k, v]) => mapped[k] !== v) ? mapped : child;
  }
  return child;
}

type RouteDocument = Parameters<ReturnType<typeof createJsonSchemaTransform>>[0];

/** The type provider's transform, given route schemas without proxies. */
export function documentTransform(): (doc: RouteDocument) => ReturnType<ReturnType<typeof createJsonSchemaTransform>> {
  const transform = createJsonSchemaTransform({ skipList: [] });
  return (doc) => {
    const schema = doc.schema as Record<string, unknown> | undefined;
    if (!schema) return transform(doc);
    const copy: Record<string, unknown> = { ...schema };
    for (const key of ['body', 'querystring', 'params', 'headers']) if (copy[key]) copy[key] = withoutProxies(copy[key]);
    if (copy.response && typeof copy.response === 'object') {
      copy.response = Object.fromEntries(
        Object.entries(copy.response).map(([status, answer]) => {
          if (isSchema(answer)) return [status, withoutProxies(answer)];
          const content = (answer as { content?: Record<string, { schema: unknown }> }).content;
          if (!content) return [status, answer];
          return [
            status,
            { ...answer, content: Object.fromEntries(Object.entries(content).map(([type, c]) => [type, { ...c, schema: withoutProxies(c.schema) }])) },
          ];
        }),
      );
    }
    return transform({ ...doc, schema: copy } as RouteDocument);
  };
}

/**
 * Recursive domain schemas become components of the document (a reference to themselves inside a
 * route's schema would not resolve): the task's schedule, whose parts have schedules.
 */
export function registerComponents(): void {
  const schedule = withoutProxies(ScheduleSchema);
  if (!z.globalRegistry.has(schedule)) z.globalRegistry.add(schedule, { id: 'Schedule' });
}
