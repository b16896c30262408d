/**
 * Terraform's type constraints of input variables (https://developer.hashicorp.com/terraform/language/expressions/type-constraints):
 * the type expression (primitive keywords, `any`, list/set/map(T), object({...}) with optional(T) and optional(T, default),
 * tuple([...])) is read with the expression parser, as HCL's ext/typeexpr (get_type.go) reads the expression's syntax
 * tree, with its "Invalid type specification" wording. A value is converted as Terraform does
 * (internal/terraform/eval_variable.go): the optional attributes' defaults are applied first, recursively (hcl
 * ext/typeexpr/defaults.go: an absent or null attribute takes its default; a top-level null stays null), then the value
 * is converted with go-cty's convert package. A conversion that the value's type cannot make at all is refused with
 * go-cty's MismatchMessage (cty/convert/mismatch_msg.go: `attribute "x" is required`, `attribute "x": …`,
 * `element 0: …`, `string required, but have tuple`, `list of string required`), checked for the whole value before
 * any value-level conversion, whose errors (`a number is required`, `a bool is required`) carry no path, as in cty.
 * Attributes an object type does not declare are dropped (cty's conversionObjectToObject).
 * Known deviations: cty reports the first non-conforming attribute of a Go map (random order); this reports the first
 * in name order. Elements of a collection of `any` are unified only when they are primitives (mixed with strings they
 * become strings, as cty's unification does); structural elements are kept as given. Sets keep their given order
 * (duplicates removed) where cty orders them.
 */
import { ExpressionError, parseExpression, type Expr, type Value } from './expressions.js';
import { evaluate } from './evaluate.js';

export type TypeConstraint =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; elem: TypeConstraint }
  | { kind: 'object'; attrs: Map<string, ObjectAttribute> }
  | { kind: 'tuple'; elems: TypeConstraint[] };

export interface ObjectAttribute {
  type: TypeConstraint;
  optional: boolean;
  /** optional(T, default)'s default, converted to T; absent for optional(T) and required attributes. */
  default?: Value;
}

/** A conversion the value cannot make, in go-cty's or HCL's words. */
export class TypeConversionError extends ExpressionError {}

const invalid = (detail: string): never => {
  throw new ExpressionError(`Invalid type specification: ${detail}`);
};

const PRIMITIVES = new Set(['string', 'number', 'bool']);
const COLLECTIONS = new Set(['list', 'set', 'map']);

/** Parses a type expression as written in a variable's `type` (native syntax's text or JSON syntax's string). */
export function parseTypeConstraint(text: string): TypeConstraint {
  return typeOf(parseExpression(text), true);
}

function typeOf(e: Expr, constraint: boolean): TypeConstraint {
  if (e.kind === 'traversal' && e.steps.length === 0) {
    const kw = e.root;
    if (PRIMITIVES.has(kw)) return { kind: kw as 'string' };
    if (kw === 'any') return constraint ? { kind: 'any' } : invalid(`The keyword "any" cannot be used in this type specification: an exact type is required.`);
    if (COLLECTIONS.has(kw)) return invalid(`The ${kw} type constructor requires one argument specifying the element type.`);
    if (kw === 'object') return invalid('The object type constructor requires one argument specifying the attribute types and values as a map.');
    if (kw === 'tuple') return invalid('The tuple type constructor requires one argument specifying the element types as a list.');
    return invalid(`The keyword "${kw}" is not a valid type specification.`);
  }
  if (e.kind !== 'call') return invalid('A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).');
  const { name, args } = e;
  if (PRIMITIVES.has(name)) return invalid(`Primitive type keyword "${name}" does not expect arguments.`);
  if (name === 'any') return invalid(`Type constraint keyword "any" does not expect arguments.`);
  if (COLLECTIONS.has(name)) {
    if (args.length !== 1) return invalid(`The ${name} type constructor requires one argument specifying the element type.`);
    return { kind: name as 'list', elem: typeOf(args[0]!, constraint) };
  }
  if (name === 'object') {
    if (args.length !== 1) return invalid('The object type constructor requires one argument specifying the attribute types and values as a map.');
    const map = args[0]!;
    if (map.kind !== 'object') return invalid('Object type constructor requires a map whose keys are attribute names and whose values are the corresponding attribute types.');
    const attrs = new Map<string, ObjectAttribute>();
    for (const { key, value } of map.entries) {
      const attr = key.kind === 'literal' && typeof key.value === 'string' ? key.value : key.kind === 'traversal' && key.steps.length === 0 ? key.root : undefined;
      if (attr === undefined) return invalid('Object constructor map keys must be attribute names.');
      if (attrs.has(attr)) return invalid('Object constructor map keys must be unique.');
      attrs.set(attr, attributeOf(value, constraint));
    }
    return { kind: 'object', attrs };
  }
  if (name === 'tuple') {
    if (args.length !== 1) return invalid('The tuple type constructor requires one argument specifying the element types as a list.');
    const list = args[0]!;
    if (list.kind !== 'tuple') return invalid('Tuple type constructor requires a list of element types.');
    return { kind: 'tuple', elems: list.items.map((i) => typeOf(i, constraint)) };
  }
  if (name === 'optional') return invalid(`Keyword "optional" is valid only as a modifier for object type attributes.`);
  return invalid(`Keyword "${name}" is not a valid type constructor.`);
}

function attributeOf(e: Expr, constraint: boolean): ObjectAttribute {
  if (e.kind !== 'call' || e.name !== 'optional') return { type: typeOf(e, constraint), optional: false };
  if (!constraint) return invalid('Optional attribute modifier is only for type constraints, not for exact types.');
  if (e.args.length === 0) return invalid('Optional attribute modifier requires the attribute type as its argument.');
  if (e.args.length > 2) return invalid('Optional attribute modifier expects at most two arguments: the attribute type, and a default value.');
  const type = typeOf(e.args[0]!, constraint);
  if (e.args.length === 1) return { type, optional: true };
  const given = evaluate(e.args[1]!, (t) => {
    throw new ExpressionError(`Variables not allowed: Variables may not be used here (${t.text}).`);
  });
  try {
    return { type, optional: true, default: convertValue(given, type) };
  } catch (err) {
    throw new ExpressionError(`Invalid default value for optional attribute: This default value is not compatible with the attribute's type constraint: ${(err as Error).message}.`);
  }
}

/** cty's FriendlyNameForConstraint. */
export function constraintName(t: TypeConstraint): string {
  switch (t.kind) {
    case 'any':
      return 'any type';
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind} of ${t.elem.kind === 'any' ? 'any single type' : constraintName(t.elem)}`;
    default:
      return t.kind;
  }
}

type Got = 'string' | 'number' | 'bool' | 'tuple' | 'object' | 'null';

function gotOf(v: Value): Got {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string';
}

const isPrimitive = (g: Got) => g === 'string' || g === 'number' || g === 'bool';
const own = (o: { [k: string]: Value }, k: string): Value | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/**
 * The type of a collection of `any`'s elements after cty's unification, for primitives: one kind stays, a mix that
 * holds strings becomes strings, numbers with bools have no common type. Undefined when it cannot unify.
 */
function unifiedPrimitive(values: Value[]): Got | 'as-is' | undefined {
  const kinds = new Set(values.map(gotOf).filter((g) => g !== 'null'));
  if (kinds.size <= 1) return 'as-is';
  if ([...kinds].some((k) => !isPrimitive(k))) return [...kinds].every((k) => !isPrimitive(k)) ? 'as-is' : undefined;
  return kinds.has('string') ? 'string' : undefined;
}

/** go-cty's MismatchMessage for the value's type against the constraint, or undefined when a conversion exists. */
function mismatch(v: Value, t: TypeConstraint): string | undefined {
  const got = gotOf(v);
  if (got === 'null' || t.kind === 'any') return undefined;
  switch (t.kind) {
    case 'string':
      return isPrimitive(got) ? undefined : `string required, but have ${got}`;
    case 'number':
      return got === 'number' || got === 'string' ? undefined : `number required, but have ${got}`;
    case 'bool':
      return got === 'bool' || got === 'string' ? undefined : `bool required, but have ${got}`;
    case 'list':
    case 'set':
    case 'map': {
      const wantTuple = t.kind !== 'map';
      if (isPrimitive(got)) return `${constraintName(t)} required, but have ${got}`;
      if ((got === 'tuple') !== wantTuple) return `${constraintName(t)} required`;
      const items: Array<[string, Value]> = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v as object);
      if (t.elem.kind === 'any' && unifiedPrimitive(items.map(([, x]) => x)) === undefined) return `all ${t.kind} elements must have the same type`;
      for (const [k, x] of items) {
        const m = mismatch(x, t.elem);
        if (m) return Array.isArray(v) ? `element ${k}: ${m}` : `element "${k}": ${m}`;
      }
      return undefined;
    }
    case 'object': {
      if (got !== 'object') return `object required, but have ${got}`;
      const o = v as { [k: string]: Value };
      const missing = [...t.attrs].filter(([k, a]) => !a.optional && own(o, k) === undefined).map(([k]) => k).sort();
      if (missing.length === 1) return `attribute "${missing[0]}" is required`;
      if (missing.length === 2) return `attributes "${missing[0]}" and "${missing[1]}" are required`;
      if (missing.length > 2) return `attributes ${missing.slice(0, -1).map((k) => `"${k}", `).join('')}and "${missing[missing.length - 1]}" are required`;
      for (const k of [...t.attrs.keys()].sort()) {
        const x = own(o, k);
        const m = x === undefined ? undefined : mismatch(x, t.attrs.get(k)!.type);
        if (m) return `attribute "${k}": ${m}`;
      }
      return undefined;
    }
    case 'tuple': {
      if (got !== 'tuple') return `tuple required, but have ${got}`;
      const a = v as Value[];
      return a.length !== t.elems.length || a.some((x, i) => mismatch(x, t.elems[i]!) !== undefined) ? 'tuple required' : undefined;
    }
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The value-level conversion, after mismatch() found the types compatible; defaults of optional attributes applied. */
function convertChecked(v: Value, t: TypeConstraint): Value {
  if (v === null || t.kind === 'any') return v;
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? v : String(v);
    case 'number':
      if (typeof v === 'number') return v;
      if (NUMBER.test(v as string)) return Number(v);
      throw new TypeConversionError('a number is required');
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const s = v as string;
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
      const lower = s.toLowerCase();
      throw new TypeConversionError(lower === 'true' || lower === 'false' ? `a bool is required; to convert from string, use lowercase "${lower}"` : 'a bool is required');
    }
    case 'list':
    case 'set': {
      const a = v as Value[];
      const unified = t.elem.kind === 'any' ? unifiedPrimitive(a) : 'as-is';
      const items = a.map((x) => (unified === 'string' && x !== null ? String(x) : convertChecked(x, t.elem)));
      if (t.kind === 'list') return items;
      const seen = new Set<string>();
      return items.filter((x) => !seen.has(JSON.stringify(x)) && seen.add(JSON.stringify(x)) !== undefined);
    }
    case 'map': {
      const entries = Object.entries(v as object) as Array<[string, Value]>;
      const unified = t.elem.kind === 'any' ? unifiedPrimitive(entries.map(([, x]) => x)) : 'as-is';
      return Object.fromEntries(entries.map(([k, x]) => [k, unified === 'string' && x !== null ? String(x) : convertChecked(x, t.elem)]));
    }
    case 'object': {
      const o = v as { [k: string]: Value };
      const out: { [k: string]: Value } = {};
      for (const [k, a] of t.attrs) {
        const x = own(o, k);
        out[k] = (x === undefined || x === null) && a.default !== undefined ? a.default : x === undefined ? null : convertChecked(x, a.type);
      }
      return out;
    }
    case 'tuple':
      return (v as Value[]).map((x, i) => convertChecked(x, t.elems[i]!));
  }
}

/** Converts a value to a type constraint as Terraform converts a variable's value; throws in go-cty's words. */
export function convertValue(v: Value, t: TypeConstraint): Value {
  const m = mismatch(v, t);
  if (m) throw new TypeConversionError(m);
  return convertChecked(v, t);
}
