/**
 * A value built on first use. A zod schema is costly to build (time and about 50 KB each); schemas
 * wrapped in `lazy` cost nothing until something actually validates with them. In the worker, the
 * domain modules are preloaded once and shared by every workflow (workflows/preload.ts), so each
 * schema is built once per worker.
 */
export function lazy<T extends object>(build: () => T): T {
  let value: T | undefined;
  const target = () => (value ??= build());
  return new Proxy({} as T, {
    get(_, key) {
      const member = Reflect.get(target(), key, target());
      return typeof member === 'function' ? member.bind(target()) : member;
    },
    has: (_, key) => Reflect.has(target(), key),
    // Not built to be listed, and never frozen: a worker shares preloaded modules between workflows
    // and deep-freezes them (workflows/preload.ts), and a frozen zod schema fails on first use.
    ownKeys: () => (value ? Reflect.ownKeys(value) : []),
    preventExtensions: () => false,
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
