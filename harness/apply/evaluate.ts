/**
 * Evaluates parsed Terraform expressions against values already known (applied resources, data sources, locals,
 * variables), and the few built-in functions setups use (https://developer.hashicorp.com/terraform/language/functions).
 * jsonencode mirrors Terraform: object keys sorted, no whitespace, and <, >, &, U+2028, U+2029 escaped as \uXXXX.
 * Deviations: only the functions in FUNCTIONS exist; type conversion follows Terraform for strings, numbers and
 * booleans only.
 */
import { ExpressionError, type Expr, type Value } from './expressions.js';

export type ReferenceResolver = (e: Extract<Expr, { kind: 'traversal' }>) => Value;

function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Terraform's jsonencode: cty marshals object attributes in lexical order. */
export function terraformJsonEncode(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(terraformJsonEncode).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${goJsonString(k)}:${terraformJsonEncode(v[k])}`).join(',')}}`;
}

export function toTemplateString(v: Value, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new ExpressionError(`invalid template interpolation value: ${where} is null`);
  throw new ExpressionError(`cannot include ${where} in a string template: string required, got ${Array.isArray(v) ? 'a list' : 'an object'}`);
}

const asString = (v: Value, fn: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ExpressionError(`${fn}: a string is required`);
};

export const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  jsonencode: ([v]) => terraformJsonEncode(v ?? null),
  jsondecode: ([s]) => JSON.parse(asString(s ?? null, 'jsondecode')) as Value,
  tostring: ([v]) => (v === null ? null : asString(v ?? null, 'tostring')),
  lower: ([s]) => asString(s ?? null, 'lower').toLowerCase(),
  upper: ([s]) => asString(s ?? null, 'upper').toUpperCase(),
  join: ([sep, ...lists]) => lists.flatMap((l) => (Array.isArray(l) ? l : [l])).map((x) => asString(x, 'join')).join(asString(sep ?? null, 'join')),
  concat: (lists) => lists.flatMap((l) => {
    if (!Array.isArray(l)) throw new ExpressionError('concat: all arguments must be lists');
    return l;
  }),
};

export function evaluate(e: Expr, resolve: ReferenceResolver): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'template':
      return e.parts.map((p) => (typeof p === 'string' ? p : toTemplateString(evaluate(p, resolve), describe(p)))).join('');
    case 'tuple':
      return e.items.map((i) => evaluate(i, resolve));
    case 'object': {
      const out: Record<string, Value> = {};
      for (const { key, value } of e.entries) out[asString(evaluate(key, resolve), 'object key')] = evaluate(value, resolve);
      return out;
    }
    case 'traversal':
      return resolve(e);
    case 'call': {
      const fn = FUNCTIONS[e.name];
      if (!fn) throw new ExpressionError(`unsupported function "${e.name}"`);
      return fn(e.args.map((a) => evaluate(a, resolve)));
    }
  }
}

function describe(e: Expr): string {
  return e.kind === 'traversal' ? e.text : e.kind === 'call' ? `${e.name}(...)` : 'the value';
}

/** Follows attribute and index steps into a value, as Terraform does for `x.y[0]["k"]`. */
export function stepInto(v: Value, steps: Array<string | number>, text: string): Value {
  let cur: Value = v;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') throw new ExpressionError(`${text}: cannot access "${s}" on a ${cur === null ? 'null value' : typeof cur}`);
    if (Array.isArray(cur)) {
      if (typeof s !== 'number' || s < 0 || s >= cur.length) throw new ExpressionError(`${text}: invalid index ${JSON.stringify(s)}`);
      cur = cur[s];
    } else {
      if (!(String(s) in cur)) throw new ExpressionError(`${text}: no attribute "${s}"`);
      cur = cur[String(s)];
    }
  }
  return cur;
}
