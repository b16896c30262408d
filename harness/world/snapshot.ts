/**
 * Copies of a world's state, so a setup applied once can seed many fresh worlds: the runner applies a scenario's
 * setup, copies the world before any step runs, and gives each later scenario with the same setup its own copy.
 * A copy keeps every class (stores keep their methods), Map, Set, Date, Buffer and shared reference; nothing in it
 * is shared with the original. State that cannot be copied faithfully (a function, a promise: a running pipeline
 * execution, a pending approval, a stack operation in progress) makes the copy fail with NotCopyable, and the caller
 * applies the setup again. Stores keep such promises only while the work runs (a settled CloudFormation stack holds
 * none), so a world at rest copies.
 */
import { World } from './world.js';

export class NotCopyable extends Error {
  override readonly name = 'NotCopyable';
}

function copy(value: unknown, seen: Map<object, unknown>, path: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new NotCopyable(`${path} is a function`);
    return value;
  }
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
    throw new NotCopyable(`${path} is a ${value.constructor.name}`);
  }
  if (value instanceof Date) {
    const d = new Date(value.getTime());
    seen.set(value, d);
    return d;
  }
  if (Buffer.isBuffer(value)) {
    const b = Buffer.from(value);
    seen.set(value, b);
    return b;
  }
  if (ArrayBuffer.isView(value)) {
    const v = (value as unknown as { slice(): unknown }).slice();
    seen.set(value, v);
    return v;
  }
  if (value instanceof Map) {
    const m = new Map();
    seen.set(value, m);
    for (const [k, v] of value) m.set(copy(k, seen, path), copy(v, seen, `${path}[${String(k)}]`));
    return m;
  }
  if (value instanceof Set) {
    const s = new Set();
    seen.set(value, s);
    for (const v of value) s.add(copy(v, seen, path));
    return s;
  }
  if (Array.isArray(value)) {
    const a: unknown[] = [];
    seen.set(value, a);
    value.forEach((v, i) => (a[i] = copy(v, seen, `${path}[${i}]`)));
    return a;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null && !isPlainClass(proto)) {
    throw new NotCopyable(`${path} is a ${(value as object).constructor?.name ?? 'foreign object'}`);
  }
  const o = Object.create(proto) as Record<string | symbol, unknown>;
  seen.set(value, o);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in d)) throw new NotCopyable(`${path}.${String(key)} is an accessor`);
    const v = copy(d.value, seen, `${path}.${String(key)}`);
    if (d.writable && d.enumerable && d.configurable) o[key] = v;
    else Object.defineProperty(o, key, { ...d, value: v });
  }
  return o;
}

const plainClasses = new WeakMap<object, boolean>();

/**
 * A class whose instances keep their state in own data properties (xacct's stores and records): copying the
 * properties onto an object with the same prototype gives an equivalent instance. Built-ins with internal slots
 * (streams, sockets, errors...) are not among them.
 */
function isPlainClass(proto: object): boolean {
  let known = plainClasses.get(proto);
  if (known === undefined) plainClasses.set(proto, (known = definedInJavaScript(proto)));
  return known;
}

function definedInJavaScript(proto: object): boolean {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const ctor = (p as { constructor?: unknown }).constructor;
    if (typeof ctor !== 'function' || /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(ctor))) return false;
  }
  return true;
}

/** An independent copy of a world: accounts, their service stores, the global namespaces and the credentials. */
export function copyWorld(world: World): World {
  return copy(world, new Map(), 'world') as World;
}
