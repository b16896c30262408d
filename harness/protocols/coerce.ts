/**
 * Coerces a decoded wire value into the shape of the SDK's `XCommandInput`, guided by the operation's input schema
 * as the SDK clients export it (`AssumeRole$`, `AssumeRoleRequest$`): numbers, booleans, `Date`s, `Buffer`s, lists
 * always arrays, structures and maps as null-prototype objects. A structure keeps only its declared members:
 * AWS ignores parameters its model does not know (https://smithy.io/2.0/spec/behavior-traits.html, "unknown
 * members"), and a name like `__proto__` can therefore never reach a handler or a prototype.
 * Wire shapes read (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html,
 * https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html):
 * - query: decodeQueryParams' output, every scalar a string; lists as arrays (`Name.member.N`), as `{N: …}`
 *   (flattened) or `{<itemName>: {N: …}}` (renamed members); `Name=` is an empty list; maps as decoded entries;
 * - json: JSON values; null members are absent;
 * - xml: fast-xml-parser's output (parseXmlPayload), where a list of one is its item and an empty element is ''.
 * A value of the wrong shape is refused through the caller's TypeErrorFactory, so each protocol words it as AWS does.
 * Known deviations: see coerce-scalars.ts and coerce-plan.ts; XML attributes (S3's Grantee xsi:type) are not
 * read, as parseXmlPayload drops them; flattened query maps are not read.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import type { Binding, TextBinding, TypeErrorFactory } from './coerce-problem.js';
import { inputSchemaOf, planOf, type ListPlan, type MapPlan, type MemberPlan, type Plan, type ScalarPlan, type SchemaRef, type StructPlan } from './coerce-plan.js';
import { ABSENT, Mismatch, readScalar, type Wire } from './coerce-scalars.js';

export type { Binding, ExpectedType, TypeErrorFactory, TypeProblem } from './coerce-problem.js';
export type { SchemaRef } from './coerce-plan.js';
export type { Wire } from './coerce-scalars.js';

export interface CoerceOptions {
  wire: Wire;
  typeError: TypeErrorFactory;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function isIndex(key: string): boolean {
  return key.length > 0 && key.length < 10 && /^\d+$/.test(key);
}

/** Items of a query list that arrived as `{1: …, 2: …}`, in their numeric order. */
function indexed(node: Node): unknown[] {
  return Object.keys(node)
    .filter(isIndex)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]);
}

function own(node: Node, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function listItems(plan: ListPlan, wire: Wire, value: unknown, flattened: boolean): unknown[] {
  if (wire === 'xml') {
    // fast-xml-parser makes one repeated element an array and a single one its item.
    if (flattened) return Array.isArray(value) ? value : [value];
    if (value === '') return [];
    if (isNode(value)) {
      const items = own(value, plan.itemName);
      return items === undefined ? [] : Array.isArray(items) ? items : [items];
    }
    throw new Mismatch('list', value);
  }
  if (Array.isArray(value)) return value;
  if (wire === 'query') {
    if (value === '') return [];
    if (isNode(value)) {
      const wrapped = own(value, plan.itemName);
      if (!flattened && Array.isArray(wrapped)) return wrapped;
      return indexed(!flattened && isNode(wrapped) ? wrapped : value);
    }
  }
  throw new Mismatch('list', value);
}

function coerceList(plan: ListPlan, wire: Wire, value: unknown, flattened: boolean): unknown[] {
  const items = listItems(plan, wire, value, flattened);
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || item === undefined) throw withPath(new Mismatch(plan.item.kind === 'document' ? 'string' : plan.item.kind, item), i + 1);
    const v = at(plan.item, wire, item, i + 1);
    if (v !== ABSENT) out.push(v);
  }
  return out;
}

/** Map entries as XML carries them: `<entry><key/><value/></entry>` or, flattened, the entries themselves. */
function xmlEntries(plan: MapPlan, value: unknown, flattened: boolean): Array<[unknown, unknown]> {
  if (value === '') return [];
  const raw = flattened ? value : isNode(value) ? own(value, 'entry') : undefined;
  if (raw === undefined && isNode(value)) return [];
  const entries = Array.isArray(raw) ? raw : [raw];
  return entries.map((e) => {
    if (!isNode(e)) throw new Mismatch('map', value);
    return [own(e, plan.keyName), own(e, plan.valueName)];
  });
}

function coerceMap(plan: MapPlan, wire: Wire, value: unknown, flattened: boolean): Node {
  let entries: Array<[unknown, unknown]>;
  if (wire === 'xml') entries = xmlEntries(plan, value, flattened);
  else if (value === '' && wire === 'query') entries = [];
  else if (isNode(value)) entries = Object.keys(value).map((k) => [k, value[k]]);
  else throw new Mismatch('map', value);
  // Keyed by whatever names the caller sent, so no prototype.
  const out = Object.create(null) as Node;
  for (const [key, raw] of entries) {
    if (typeof key !== 'string') throw new Mismatch('string', key);
    if (raw === null || raw === undefined) throw withPath(new Mismatch(plan.value.kind === 'document' ? 'string' : plan.value.kind, raw), key);
    const v = at(plan.value, wire, raw, key);
    if (v !== ABSENT) out[key] = v;
  }
  return out;
}

function coerceStruct(plan: StructPlan, wire: Wire, value: unknown): Node {
  const out = Object.create(null) as Node;
  if (value === '' && wire !== 'json') return out;
  if (!isNode(value)) throw new Mismatch('structure', value);
  const members = wire === 'json' ? plan.byName() : plan.byXmlName();
  for (const key of Object.keys(value)) {
    const member = members[key];
    const raw = value[key];
    if (member === undefined || raw === null || raw === undefined) continue;
    const v = memberValue(member, wire, raw);
    if (v !== ABSENT) out[member.name] = v;
  }
  return out;
}

function withPath(m: Mismatch, segment: string | number): Mismatch {
  m.path.unshift(segment);
  return m;
}

/** Coerces one nested value, adding its position to any mismatch on the way out. */
function at(plan: Plan, wire: Wire, value: unknown, segment: string | number, flattened = false): unknown {
  try {
    return coerceValue(plan, wire, value, flattened);
  } catch (e) {
    throw e instanceof Mismatch ? withPath(e, segment) : e;
  }
}

function isScalar(plan: Plan): plan is ScalarPlan {
  return plan.kind !== 'list' && plan.kind !== 'map' && plan.kind !== 'structure';
}

/** A scalar or a list of scalars bound to HTTP text (a header, a query parameter, a label). */
function boundValue(plan: Plan, wire: Wire, raw: unknown, binding: TextBinding): unknown {
  if (isScalar(plan)) return readScalar(plan, wire, raw, binding);
  if (plan.kind === 'list' && isScalar(plan.item) && Array.isArray(raw)) {
    const item = plan.item;
    return raw.map((v) => readScalar(item, wire, v, binding)).filter((v) => v !== ABSENT);
  }
  throw new Mismatch(plan.kind, raw);
}

/** A member's value; `ABSENT` when the wire's empty text stands for "not sent". */
export function memberValue(member: MemberPlan, wire: Wire, raw: unknown, binding?: TextBinding): unknown {
  try {
    return binding === undefined ? coerceValue(member.plan, wire, raw, member.flattened) : boundValue(member.plan, wire, raw, binding);
  } catch (e) {
    throw e instanceof Mismatch ? withPath(e, member.name) : e;
  }
}

export function coerceValue(plan: Plan, wire: Wire, value: unknown, flattened = false): unknown {
  switch (plan.kind) {
    case 'structure':
      return coerceStruct(plan, wire, value);
    case 'list':
      return coerceList(plan, wire, value, flattened);
    case 'map':
      return coerceMap(plan, wire, value, flattened);
    default:
      return readScalar(plan, wire, value);
  }
}

/** Turns an internal mismatch into the protocol's AWS error; anything else is rethrown as it is. */
export function refuse(e: unknown, typeError: TypeErrorFactory, binding?: Binding): never {
  if (e instanceof Mismatch) throw typeError({ expected: e.expected, value: e.value, path: e.path, ...(binding ? { binding } : {}) });
  throw e;
}

/**
 * The input of an operation from its decoded wire value: `schema` is the operation (`AssumeRole$`) or its input
 * structure (`AssumeRoleRequest$`); `T` the SDK's `XCommandInput`. The result has no prototype.
 */
export function coerceInput<T>(schema: SchemaRef | NormalizedSchema, value: unknown, options: CoerceOptions): T {
  const plan = planOf(isNormalized(schema) ? schema : inputSchemaOf(schema));
  try {
    return coerceValue(plan, options.wire, value ?? {}) as T;
  } catch (e) {
    return refuse(e, options.typeError);
  }
}

function isNormalized(schema: SchemaRef | NormalizedSchema): schema is NormalizedSchema {
  return typeof schema === 'object' && schema !== null && !Array.isArray(schema) && 'getMergedTraits' in schema;
}
