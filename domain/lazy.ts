/**
 * A value built on first use. Workflow code loads every module once per workflow, and a zod
 * schema is costly to build (time and about 50 KB each); schemas wrapped in `lazy` cost nothing
 * until a workflow actually validates something with them.
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
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
