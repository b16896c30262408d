/**
 * EventBridge event patterns (content filtering): a pattern is compiled once when a rule is written (its errors are
 * InvalidEventPatternException, worded as AWS words them) and matched against each event on the rule's bus.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 * As AWS's matcher (github.com/aws/event-ruler, JsonRuleCompiler), both the event and the pattern are flattened
 * into dotted paths of leaf values, so `{"a": {"b": …}}` and `{"a.b": …}` name the same field, and an array in the
 * event matches when any of its values does. A field matches when any matcher of its list does; a pattern matches
 * when all its fields and, for each `$or`, one of its alternatives match.
 * No maintained npm library implements these semantics, so this is written here; pattern-cases.json (AWS-validated
 * cases) tests it.
 * Known deviations: wildcard complexity ("Rule is too complex …") is not judged; values in an array of objects are
 * matched across elements (event-ruler matches fields of one element together); a string pattern that is an IP
 * address is matched as text, not as an address.
 */
import { InvalidEventPatternException as invalid } from './errors.js';

type Leaf = string | number | boolean | null;
type Test = (v: Leaf) => boolean;

/** A matcher of one field: a test of one of its values, or a test of whether the field is there at all. */
type Matcher = { test: Test } | { exists: boolean };

interface Field {
  path: string;
  matchers: Matcher[];
}

export interface CompiledPattern {
  fields: Field[];
  ors: CompiledPattern[][];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and compiles a pattern as PutRule and TestEventPattern read it. */
export function compilePattern(text: string): CompiledPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  if (!isObject(parsed)) throw invalid('Filter is not an object');
  return compileObject(parsed, '');
}

const compiled = new Map<string, CompiledPattern>();
const MAX_CACHED = 1000;

/** A valid pattern's compiled form, compiled once per text (rules keep the text, so worlds stay copyable). */
export function compiledPattern(text: string): CompiledPattern {
  let c = compiled.get(text);
  if (!c) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    c = compilePattern(text);
    compiled.set(text, c);
  }
  return c;
}

function compileObject(obj: Record<string, unknown>, prefix: string): CompiledPattern {
  const out: CompiledPattern = { fields: [], ors: [] };
  const keys = Object.keys(obj);
  if (keys.length === 0) throw invalid('Empty objects are not allowed');
  for (const key of keys) {
    const value = obj[key];
    if (key === '$or' && Array.isArray(value)) {
      out.ors.push(value.map((alt) => (isObject(alt) ? compileObject(alt, prefix) : fail('"$or" must be an array of objects'))));
    } else if (isObject(value)) {
      const inner = compileObject(value, `${prefix}${key}.`);
      out.fields.push(...inner.fields);
      out.ors.push(...inner.ors);
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw invalid('Empty arrays are not allowed');
      out.fields.push({ path: `${prefix}${key}`, matchers: value.map(compileMatcher) });
    } else {
      throw invalid(`"${key}" must be an object or an array`);
    }
  }
  return out;
}

function fail(reason: string): never {
  throw invalid(reason);
}

function str(v: unknown, what: string): string {
  return typeof v === 'string' ? v : fail(`${what} match pattern must be a string`);
}

const lower = (v: Leaf): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

function compileMatcher(m: unknown): Matcher {
  if (!isObject(m)) return { test: exact(m as Leaf) };
  const [op, ...more] = Object.keys(m);
  if (op === undefined) fail('Match expression name not found');
  if (more.length > 0) fail('Only one key allowed in match expression');
  const arg = m[op];
  switch (op) {
    case 'prefix':
    case 'suffix': {
      if (isObject(arg)) {
        const s = str(arg['equals-ignore-case'], 'equals-ignore-case').toLowerCase();
        return { test: (v) => affix(op, lower(v), s) };
      }
      const s = str(arg, op);
      return { test: (v) => affix(op, typeof v === 'string' ? v : undefined, s) };
    }
    case 'equals-ignore-case': {
      const s = str(arg, 'equals-ignore-case').toLowerCase();
      return { test: (v) => lower(v) === s };
    }
    case 'wildcard': {
      const re = wildcard(str(arg, 'wildcard'));
      return { test: (v) => typeof v === 'string' && re.test(v) };
    }
    case 'numeric':
      return { test: numeric(arg) };
    case 'exists':
      return typeof arg === 'boolean' ? { exists: arg } : fail('exists match pattern must be either true or false.');
    case 'anything-but':
      return { test: anythingBut(arg) };
    case 'cidr':
      return { test: cidr(str(arg, 'prefix')) };
    default:
      return fail(`Unrecognized match type ${op}`);
  }
}

function exact(p: Leaf): Test {
  if (typeof p === 'object' && p !== null) fail('Match value must be String, number, true, false, or null');
  return (v) => v === p;
}

function affix(op: 'prefix' | 'suffix', v: string | undefined, s: string): boolean {
  return v !== undefined && (op === 'prefix' ? v.startsWith(s) : v.endsWith(s));
}

function wildcard(p: string): RegExp {
  const at = p.indexOf('**');
  if (at >= 0) fail(`Consecutive wildcard characters at pos ${at + 1}`);
  const body = p.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's');
}

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numeric(arg: unknown): Test {
  if (!Array.isArray(arg)) fail('Value of numeric must be an array.');
  const terms = arg as unknown[];
  const bound = (i: number): [string, number] => {
    const op = terms[i];
    if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) fail(`${i === 0 ? 'Unrecognized numeric range operator' : 'Bad numeric range operator'}: ${String(op)}`);
    const n = terms[i + 1];
    if (typeof n !== 'number') fail(`Value of ${op === '=' ? 'equals' : (op as string)} must be numeric`);
    return [op as string, n as number];
  };
  const first = bound(0);
  if (terms.length === 2) return (v) => typeof v === 'number' && OPS[first[0]]!(v, first[1]);
  if (first[0] !== '>' && first[0] !== '>=') fail('Too many elements in numeric expression');
  if (terms[2] !== '<' && terms[2] !== '<=') fail(`Bad numeric range operator: ${String(terms[2])}`);
  const second = bound(2);
  if (terms.length > 4) fail('Too many terms in numeric range expression');
  if (!(first[1] < second[1])) fail('Bottom must be less than top');
  return (v) => typeof v === 'number' && OPS[first[0]]!(v, first[1]) && OPS[second[0]]!(v, second[1]);
}

/** anything-but: a value, a list of strings or of numbers, or one of prefix/suffix/wildcard/equals-ignore-case. */
function anythingBut(arg: unknown): Test {
  if (isObject(arg)) {
    const [op] = Object.keys(arg);
    const inner = arg[op ?? ''];
    if (op === 'equals-ignore-case') {
      const list = Array.isArray(inner) ? inner : [inner];
      if (list.length === 0 || list.some((s) => typeof s !== 'string')) fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
      const set = new Set((list as string[]).map((s) => s.toLowerCase()));
      return (v) => !set.has(lower(v) ?? '\u0000' + String(v));
    }
    if (op === 'prefix' || op === 'suffix' || op === 'wildcard') {
      if (isObject(inner)) fail('Value of anything-but must be an array or single string/number value.');
      const list = Array.isArray(inner) ? inner : [inner];
      const what = op === 'wildcard' ? 'wildcard' : 'prefix/suffix';
      const strings = list.map((s) => str(s, what));
      if (op !== 'wildcard' && strings.some((s) => s === '')) fail('Null prefix/suffix not allowed');
      const tests = strings.map((s) => (op === 'wildcard' ? ((re: RegExp) => (v: string) => re.test(v))(wildcard(s)) : (v: string) => affix(op, v, s)));
      // A value that is not a string (a number, null) is none of the strings excluded: AWS matches it.
      return (v) => typeof v !== 'string' || !tests.some((t) => t(v));
    }
    fail(`Unsupported anything-but pattern: ${op ?? ''}`);
  }
  if (Array.isArray(arg)) {
    if (arg.some((x) => typeof x !== 'string' && typeof x !== 'number')) fail('Inside anything but list, start|null|boolean is not supported.');
    const kinds = new Set(arg.map((x) => typeof x));
    if (kinds.size !== 1) fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    const set = new Set<unknown>(arg);
    return (v) => !set.has(v);
  }
  if (typeof arg === 'string' || typeof arg === 'number') return (v) => v !== arg;
  return fail('Value of anything-but must be an array or single string/number value.');
}

function cidr(text: string): Test {
  const parts = text.split('/');
  if (parts.length !== 2) fail("Malformed CIDR, one '/' required");
  const [addr, maskText] = parts as [string, string];
  if (!/^\d+$/.test(maskText)) fail('Malformed CIDR, mask bits must be an integer');
  const base = ipBits(addr);
  if (!base) fail(`Nonstandard IP address: ${addr}`);
  const { value, width } = base!;
  const mask = BigInt(Math.min(Number(maskText), width));
  const shift = BigInt(width) - mask;
  return (v) => {
    const ip = typeof v === 'string' ? ipBits(v) : undefined;
    return ip !== undefined && ip.width === width && ip.value >> shift === value >> shift;
  };
}

/** An IPv4 or IPv6 address as a number and its width in bits. */
function ipBits(text: string): { value: bigint; width: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { value: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), width: 32 };
  }
  if (!/^[0-9a-f:]+$/i.test(text) || (text.match(/::/g) ?? []).length > 1) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const missing = 8 - h.length - t.length;
  if (missing < 0 || (tail === undefined && missing !== 0) || [...h, ...t].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const all = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t];
  return { value: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

/** The event's leaf values by dotted path (arrays contribute each of their values). */
export function flattenEvent(event: unknown): Map<string, Leaf[]> {
  const out = new Map<string, Leaf[]>();
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item, path);
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) walk(v[k], path ? `${path}.${k}` : k);
    } else {
      const list = out.get(path) ?? [];
      list.push(v as Leaf);
      out.set(path, list);
    }
  };
  walk(event, '');
  return out;
}

function fieldMatches(field: Field, values: Leaf[] | undefined): boolean {
  return field.matchers.some((m) => ('exists' in m ? m.exists === (values !== undefined && values.length > 0) : (values ?? []).some(m.test)));
}

export function matchesFlat(pattern: CompiledPattern, event: Map<string, Leaf[]>): boolean {
  return pattern.fields.every((f) => fieldMatches(f, event.get(f.path))) && pattern.ors.every((alts) => alts.some((alt) => matchesFlat(alt, event)));
}

export function matches(pattern: CompiledPattern, event: unknown): boolean {
  return matchesFlat(pattern, flattenEvent(event));
}
