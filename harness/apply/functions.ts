/**
 * Terraform's built-in functions that real configurations use: string, collection, encoding, filesystem, type
 * conversion, numeric and IP network functions (https://developer.hashicorp.com/terraform/language/functions).
 * `try` and `can` evaluate their arguments lazily and live in evaluate.ts; they are listed here so the planner
 * knows them. Errors are worded as Terraform's: `Call to function "x" failed: ...`.
 * Known deviations: `format` supports the verbs %s %d %f %q %v %t and %%; the cidr functions handle IPv4 only;
 * impure functions (timestamp, uuid, bcrypt) are not offered, so that a setup applies the same way every time;
 * `templatefile` supports `${...}` interpolation but not `%{ }` directives.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { parse as parseYaml, stringify as yamlStringify } from 'yaml';
import { ExpressionError, type Value } from './expressions.js';

export interface FunctionContext {
  /** Directory relative paths given to file functions are read from (Terraform: the working directory). */
  baseDir: string;
  /** Evaluates a template file's text with the variables given (templatefile). */
  renderTemplate(text: string, vars: Record<string, Value>): Value;
}

type Fn = (args: Value[], ctx: FunctionContext) => Value;

const fail = (name: string, why: string): never => {
  throw new ExpressionError(`Call to function "${name}" failed: ${why}.`);
};

const isMap = (v: Value): v is { [k: string]: Value } => v !== null && typeof v === 'object' && !Array.isArray(v);

export function str(v: Value | undefined, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(fn, v === null || v === undefined ? 'argument must not be null' : 'a string is required');
}

function num(v: Value | undefined, fn: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fail(fn, 'a number is required');
}

function list(v: Value | undefined, fn: string): Value[] {
  if (Array.isArray(v)) return v;
  return fail(fn, `a list is required${isMap(v ?? null) ? ', got an object' : ''}`);
}

function map(v: Value | undefined, fn: string): { [k: string]: Value } {
  if (isMap(v ?? null)) return v as { [k: string]: Value };
  return fail(fn, 'a map is required');
}

/** cty's equality for sets and comparisons: by JSON form. */
const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

function distinct(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const i of items) if (!out.some((o) => same(o, i))) out.push(i);
  return out;
}

/** Terraform's sets iterate in a defined order: strings lexically. */
const toSet = (items: Value[]) => {
  const d = distinct(items);
  return d.every((x) => typeof x === 'string') ? [...d].sort() : d;
};

/** RE2 syntax as Terraform's regex functions take it; JavaScript's dialect covers what configurations write. */
function regexOf(pattern: string, fn: string): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'));
  } catch (e) {
    return fail(fn, `invalid regular expression pattern: ${(e as Error).message}`);
  }
}

function regexResult(m: RegExpMatchArray): Value {
  if (m.groups && Object.keys(m.groups).length) return Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? null]));
  if (m.length > 1) return m.slice(1).map((x) => x ?? null);
  return m[0];
}

function format(fn: string, spec: string, args: Value[]): string {
  let i = 0;
  return spec.replace(/%(-?\d*)(\.\d+)?([sdfqvt%])/g, (_m, width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) fail(fn, `not enough arguments for "${spec}"`);
    const a = args[i++]!;
    let out: string;
    if (verb === 'd') out = String(Math.trunc(num(a, fn)));
    else if (verb === 'f') out = num(a, fn).toFixed(prec ? Number(prec.slice(1)) : 6);
    else if (verb === 'q') out = JSON.stringify(str(a, fn));
    else if (verb === 't') out = String(a === true);
    else if (verb === 'v' && (Array.isArray(a) || isMap(a))) out = JSON.stringify(a);
    else out = str(a, fn);
    const w = Number(width || 0);
    return Math.abs(w) > out.length ? (w < 0 ? out.padEnd(-w) : out.padStart(w)) : out;
  });
}

function readPath(path: string, ctx: FunctionContext, fn: string): Buffer {
  const abs = isAbsolute(path) ? path : resolvePath(ctx.baseDir, path);
  try {
    return readFileSync(abs);
  } catch {
    return fail(fn, `no file exists at "${path}"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource`);
  }
}

// ---- IPv4 networks (cidrsubnet, cidrhost, cidrnetmask, cidrsubnets) ----

function parseCidr(prefix: string, fn: string): { base: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return fail(fn, `invalid CIDR address: ${prefix}`);
  const ip = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const bits = Number(m[5]);
  const size = 2 ** (32 - bits);
  return { base: Math.floor(ip / size) * size, bits };
}

const ipString = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

function cidrsubnet(prefix: string, newbits: number, netnum: number, fn: string): string {
  const { base, bits } = parseCidr(prefix, fn);
  const total = bits + newbits;
  if (total > 32) fail(fn, `insufficient address space to extend prefix of ${bits} by ${newbits}`);
  if (netnum < 0 || netnum >= 2 ** newbits) fail(fn, `prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  return `${ipString(base + netnum * 2 ** (32 - total))}/${total}`;
}

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Terraform's jsonencode: cty marshals object attributes in lexical order, and escapes <, >, &, U+2028, U+2029. */
export function terraformJsonEncode(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(terraformJsonEncode).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${goJsonString(k)}:${terraformJsonEncode(v[k]!)}`).join(',')}}`;
}

const LAZY: Fn = (_a) => {
  throw new ExpressionError('evaluated by evaluate()');
};

export const FUNCTIONS: Record<string, Fn> = {
  // lazily evaluated (evaluate.ts)
  try: LAZY,
  can: LAZY,
  // strings
  format: ([spec, ...args]) => format('format', str(spec, 'format'), args),
  formatlist: ([spec, ...args]) => {
    const n = Math.max(0, ...args.filter(Array.isArray).map((a) => (a as Value[]).length));
    return Array.from({ length: n }, (_x, i) => format('formatlist', str(spec, 'formatlist'), args.map((a) => (Array.isArray(a) ? a[i]! : a))));
  },
  join: ([sep, ...lists]) => lists.flatMap((l) => list(l, 'join')).map((x) => str(x, 'join')).join(str(sep, 'join')),
  split: ([sep, s]) => str(s, 'split').split(str(sep, 'split')),
  replace: ([s, search, rep]) => {
    const text = str(s, 'replace');
    const pat = str(search, 'replace');
    const by = str(rep, 'replace');
    if (pat.length > 1 && pat.startsWith('/') && pat.endsWith('/')) return text.replace(new RegExp(regexOf(pat.slice(1, -1), 'replace'), 'g'), by.replace(/\$\{?(\w+)\}?/g, '$<$1>').replace(/\$<(\d+)>/g, '$$$1'));
    return text.split(pat).join(by);
  },
  lower: ([s]) => str(s, 'lower').toLowerCase(),
  upper: ([s]) => str(s, 'upper').toUpperCase(),
  title: ([s]) => str(s, 'title').replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: ([s]) => str(s, 'trimspace').trim(),
  trim: ([s, cut]) => {
    const chars = [...str(cut, 'trim')];
    let t = str(s, 'trim');
    while (t && chars.includes(t[0]!)) t = t.slice(1);
    while (t && chars.includes(t[t.length - 1]!)) t = t.slice(0, -1);
    return t;
  },
  trimprefix: ([s, p]) => (str(s, 'trimprefix').startsWith(str(p, 'trimprefix')) ? str(s, 'trimprefix').slice(str(p, 'trimprefix').length) : str(s, 'trimprefix')),
  trimsuffix: ([s, p]) => (str(s, 'trimsuffix').endsWith(str(p, 'trimsuffix')) && str(p, 'trimsuffix') ? str(s, 'trimsuffix').slice(0, -str(p, 'trimsuffix').length) : str(s, 'trimsuffix')),
  chomp: ([s]) => str(s, 'chomp').replace(/(\r?\n)+$/, ''),
  indent: ([n, s]) => str(s, 'indent').replace(/\n/g, `\n${' '.repeat(num(n, 'indent'))}`),
  substr: ([s, off, len]) => {
    const chars = [...str(s, 'substr')];
    let o = num(off, 'substr');
    if (o < 0) o = chars.length + o;
    const l = num(len, 'substr');
    return chars.slice(o, l < 0 ? undefined : o + l).join('');
  },
  startswith: ([s, p]) => str(s, 'startswith').startsWith(str(p, 'startswith')),
  endswith: ([s, p]) => str(s, 'endswith').endsWith(str(p, 'endswith')),
  strcontains: ([s, p]) => str(s, 'strcontains').includes(str(p, 'strcontains')),
  strrev: ([s]) => [...str(s, 'strrev')].reverse().join(''),
  regex: ([p, s]) => {
    const m = str(s, 'regex').match(regexOf(str(p, 'regex'), 'regex'));
    return m ? regexResult(m) : fail('regex', 'pattern did not match any part of the given string');
  },
  regexall: ([p, s]) => [...str(s, 'regexall').matchAll(new RegExp(regexOf(str(p, 'regexall'), 'regexall'), 'g'))].map(regexResult),
  // collections
  length: ([v]) => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : isMap(v ?? null) ? Object.keys(v as object).length : fail('length', 'argument must be a string, a collection type, or a structural type')),
  concat: (lists) => lists.flatMap((l) => list(l, 'concat')),
  contains: ([l, v]) => list(l, 'contains').some((x) => same(x, v ?? null)),
  distinct: ([l]) => distinct(list(l, 'distinct')),
  element: ([l, i]) => {
    const items = list(l, 'element');
    if (items.length === 0) fail('element', 'cannot use element function with an empty list');
    return items[num(i, 'element') % items.length]!;
  },
  index: ([l, v]) => {
    const i = list(l, 'index').findIndex((x) => same(x, v ?? null));
    return i < 0 ? fail('index', 'item not found') : i;
  },
  flatten: ([l]) => {
    const flat = (xs: Value[]): Value[] => xs.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
    return flat(list(l, 'flatten'));
  },
  keys: ([m]) => Object.keys(map(m, 'keys')).sort(),
  values: ([m]) => {
    const o = map(m, 'values');
    return Object.keys(o)
      .sort()
      .map((k) => o[k]!);
  },
  lookup: ([m, k, d]) => {
    const o = map(m, 'lookup');
    const key = str(k, 'lookup');
    if (key in o) return o[key]!;
    return d !== undefined ? d : fail('lookup', `lookup failed to find key ${JSON.stringify(key)}`);
  },
  merge: (maps) => Object.assign({}, ...maps.filter((m) => m !== null).map((m) => map(m, 'merge'))) as Value,
  range: (args) => {
    const [start, end, step] = args.length === 1 ? [0, num(args[0], 'range'), 1] : [num(args[0], 'range'), num(args[1], 'range'), args[2] === undefined ? 1 : num(args[2], 'range')];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  reverse: ([l]) => [...list(l, 'reverse')].reverse(),
  slice: ([l, a, b]) => list(l, 'slice').slice(num(a, 'slice'), num(b, 'slice')),
  sort: ([l]) => list(l, 'sort').map((x) => str(x, 'sort')).sort(),
  zipmap: ([k, v]) => Object.fromEntries(list(k, 'zipmap').map((key, i) => [str(key, 'zipmap'), list(v, 'zipmap')[i] ?? null])),
  coalesce: (args) => args.find((a) => a !== null && a !== '') ?? fail('coalesce', 'no non-null, non-empty-string arguments'),
  coalescelist: (args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? fail('coalescelist', 'no non-null arguments'),
  compact: ([l]) => list(l, 'compact').filter((x) => x !== null && x !== ''),
  one: ([l]) => {
    const items = list(l, 'one');
    return items.length === 0 ? null : items.length === 1 ? items[0]! : fail('one', 'must be a list, set, or tuple value with either zero or one elements');
  },
  sum: ([l]) => list(l, 'sum').reduce<number>((a, x) => a + num(x, 'sum'), 0),
  max: (args) => Math.max(...args.map((a) => num(a, 'max'))),
  min: (args) => Math.min(...args.map((a) => num(a, 'min'))),
  alltrue: ([l]) => list(l, 'alltrue').every((x) => x === true || x === 'true'),
  anytrue: ([l]) => list(l, 'anytrue').some((x) => x === true || x === 'true'),
  setunion: (sets) => toSet(sets.flatMap((s) => list(s, 'setunion'))),
  setintersection: ([first, ...rest]) => toSet(list(first, 'setintersection').filter((x) => rest.every((r) => list(r, 'setintersection').some((y) => same(x, y))))),
  setsubtract: ([a, b]) => toSet(list(a, 'setsubtract').filter((x) => !list(b, 'setsubtract').some((y) => same(x, y)))),
  setproduct: (sets) => sets.reduce<Value[][]>((acc, s) => acc.flatMap((p) => list(s, 'setproduct').map((x) => [...p, x])), [[]]),
  chunklist: ([l, n]) => {
    const items = list(l, 'chunklist');
    const size = num(n, 'chunklist');
    const out: Value[][] = [];
    for (let i = 0; i < items.length; i += size || items.length || 1) out.push(items.slice(i, i + (size || items.length)));
    return out;
  },
  transpose: ([m]) => {
    const out: Record<string, string[]> = {};
    for (const [k, vs] of Object.entries(map(m, 'transpose'))) for (const v of list(vs, 'transpose')) (out[str(v, 'transpose')] ??= []).push(k);
    return out;
  },
  // type conversion
  tostring: ([v]) => (v === null ? null : str(v, 'tostring')),
  tonumber: ([v]) => (v === null ? null : num(v, 'tonumber')),
  tobool: ([v]) => (v === null ? null : v === true || v === 'true' ? true : v === false || v === 'false' ? false : fail('tobool', 'a bool is required')),
  tolist: ([v]) => list(v, 'tolist'),
  toset: ([v]) => toSet(list(v, 'toset')),
  tomap: ([v]) => map(v, 'tomap'),
  // encoding
  jsonencode: ([v]) => terraformJsonEncode(v ?? null),
  jsondecode: ([s]) => {
    try {
      return JSON.parse(str(s, 'jsondecode')) as Value;
    } catch (e) {
      return fail('jsondecode', (e as Error).message);
    }
  },
  yamlencode: ([v]) => yamlStringify(v ?? null),
  yamldecode: ([s]) => parseYaml(str(s, 'yamldecode')) as Value,
  base64encode: ([s]) => Buffer.from(str(s, 'base64encode'), 'utf8').toString('base64'),
  base64decode: ([s]) => Buffer.from(str(s, 'base64decode'), 'base64').toString('utf8'),
  urlencode: ([s]) => encodeURIComponent(str(s, 'urlencode')),
  md5: ([s]) => createHash('md5').update(str(s, 'md5')).digest('hex'),
  sha1: ([s]) => createHash('sha1').update(str(s, 'sha1')).digest('hex'),
  sha256: ([s]) => createHash('sha256').update(str(s, 'sha256')).digest('hex'),
  sha512: ([s]) => createHash('sha512').update(str(s, 'sha512')).digest('hex'),
  base64sha256: ([s]) => createHash('sha256').update(str(s, 'base64sha256')).digest('base64'),
  // filesystem
  file: ([p], ctx) => readPath(str(p, 'file'), ctx, 'file').toString('utf8'),
  filebase64: ([p], ctx) => readPath(str(p, 'filebase64'), ctx, 'filebase64').toString('base64'),
  fileexists: ([p], ctx) => existsSync(isAbsolute(str(p, 'fileexists')) ? str(p, 'fileexists') : resolvePath(ctx.baseDir, str(p, 'fileexists'))),
  templatefile: ([p, vars], ctx) => ctx.renderTemplate(readPath(str(p, 'templatefile'), ctx, 'templatefile').toString('utf8'), map(vars ?? {}, 'templatefile')),
  basename: ([p]) => basename(str(p, 'basename')),
  dirname: ([p]) => dirname(str(p, 'dirname')),
  abspath: ([p], ctx) => resolvePath(ctx.baseDir, str(p, 'abspath')),
  // numbers
  abs: ([n]) => Math.abs(num(n, 'abs')),
  ceil: ([n]) => Math.ceil(num(n, 'ceil')),
  floor: ([n]) => Math.floor(num(n, 'floor')),
  pow: ([a, b]) => num(a, 'pow') ** num(b, 'pow'),
  signum: ([n]) => Math.sign(num(n, 'signum')),
  parseint: ([s, base]) => {
    const n = parseInt(str(s, 'parseint'), num(base, 'parseint'));
    return Number.isNaN(n) ? fail('parseint', `cannot parse ${JSON.stringify(s)} as a base ${String(base)} integer`) : n;
  },
  // IP networks
  cidrsubnet: ([p, nb, nn]) => cidrsubnet(str(p, 'cidrsubnet'), num(nb, 'cidrsubnet'), num(nn, 'cidrsubnet'), 'cidrsubnet'),
  cidrsubnets: ([p, ...nbs]) => {
    const { base, bits } = parseCidr(str(p, 'cidrsubnets'), 'cidrsubnets');
    let next = base;
    return nbs.map((nb) => {
      const total = bits + num(nb, 'cidrsubnets');
      if (total > 32) fail('cidrsubnets', `would extend prefix to ${total} bits, which is too long for an IPv4 address`);
      const size = 2 ** (32 - total);
      next = Math.ceil(next / size) * size;
      const out = `${ipString(next)}/${total}`;
      next += size;
      return out;
    });
  },
  cidrhost: ([p, n]) => {
    const { base, bits } = parseCidr(str(p, 'cidrhost'), 'cidrhost');
    const size = 2 ** (32 - bits);
    let h = num(n, 'cidrhost');
    if (h < 0) h = size + h;
    if (h < 0 || h >= size) fail('cidrhost', `prefix of ${bits} does not accommodate a host numbered ${num(n, 'cidrhost')}`);
    return ipString(base + h);
  },
  cidrnetmask: ([p]) => ipString(2 ** 32 - 2 ** (32 - parseCidr(str(p, 'cidrnetmask'), 'cidrnetmask').bits)),
};
