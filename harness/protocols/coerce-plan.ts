/**
 * A decoding plan per SDK schema, read once with @smithy/core's NormalizedSchema (the SDK's own reader of the
 * static schemas its clients export) and cached by schema identity, so a request walks plain objects only.
 * Smithy type and trait semantics: https://smithy.io/2.0/spec/simple-types.html,
 * https://smithy.io/2.0/spec/protocol-traits.html#xmlname-trait, https://smithy.io/2.0/spec/http-bindings.html.
 * Known deviations: the SDK schemas do not tell integer from long or float (all numbers are one type), so the
 * plan cannot either; `ec2QueryName` (EC2's protocol only) and `httpQueryParams` are not read.
 */
import { NormalizedSchema } from '@smithy/core/schema';

export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

/** Smithy timestamp formats as the SDK schemas number them: 4 is "no trait" (the binding or protocol decides). */
export type TimestampFormat = 4 | 5 | 6 | 7;
export const DATE_TIME = 5;
export const HTTP_DATE = 6;
export const EPOCH_SECONDS = 7;

export type Plan = ScalarPlan | ListPlan | MapPlan | StructPlan;

export interface ScalarPlan {
  kind: 'string' | 'number' | 'boolean' | 'blob' | 'document' | 'timestamp';
  format: TimestampFormat;
}

export interface ListPlan {
  kind: 'list';
  item: Plan;
  /** The element naming each item of a wrapped list in XML and query (`member` unless the model says otherwise). */
  itemName: string;
}

export interface MapPlan {
  kind: 'map';
  value: Plan;
  keyName: string;
  valueName: string;
}

export interface MemberPlan {
  name: string;
  /** The name on the XML and query wire (`xmlName`), the member name otherwise. */
  xmlName: string;
  flattened: boolean;
  plan: Plan;
  traits: Readonly<Record<string, unknown>>;
}

export interface StructPlan {
  kind: 'structure';
  /** Built on first use, so recursive shapes compile. */
  members(): readonly MemberPlan[];
  /** Members by member name and by XML/query name; null-prototype, so a wire name never reaches a prototype. */
  byName(): Readonly<Record<string, MemberPlan>>;
  byXmlName(): Readonly<Record<string, MemberPlan>>;
}

const byObject = new WeakMap<object, Plan>();
const byValue = new Map<number | string, Plan>();

function traitString(ns: NormalizedSchema, trait: string): string | undefined {
  const v = ns.getMergedTraits()[trait];
  return typeof v === 'string' ? v : undefined;
}

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

function structPlan(ns: NormalizedSchema): StructPlan {
  const members = lazy(() => [...ns.structIterator()].map(([name, m]) => memberPlan(name, m)));
  const index = (key: (m: MemberPlan) => string) =>
    lazy(() => {
      const out = Object.create(null) as Record<string, MemberPlan>;
      for (const m of members()) out[key(m)] = m;
      return out;
    });
  return { kind: 'structure', members, byName: index((m) => m.name), byXmlName: index((m) => m.xmlName) };
}

function memberPlan(name: string, ns: NormalizedSchema): MemberPlan {
  const traits = ns.getMergedTraits();
  return { name, xmlName: traitString(ns, 'xmlName') ?? name, flattened: Boolean(traits['xmlFlattened']), plan: planOf(ns), traits };
}

function timestampFormat(ns: NormalizedSchema): TimestampFormat {
  const s = ns.getSchema();
  return s === DATE_TIME || s === HTTP_DATE || s === EPOCH_SECONDS ? s : 4;
}

function compile(ns: NormalizedSchema): Plan {
  if (ns.isStructSchema() || ns.isUnionSchema()) return structPlan(ns);
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    return { kind: 'list', item: planOf(item), itemName: traitString(item, 'xmlName') ?? 'member' };
  }
  if (ns.isMapSchema()) {
    return {
      kind: 'map',
      value: planOf(ns.getValueSchema()),
      keyName: traitString(ns.getKeySchema(), 'xmlName') ?? 'key',
      valueName: traitString(ns.getValueSchema(), 'xmlName') ?? 'value',
    };
  }
  if (ns.isTimestampSchema()) return { kind: 'timestamp', format: timestampFormat(ns) };
  if (ns.isBlobSchema()) return { kind: 'blob', format: 4 };
  if (ns.isBooleanSchema()) return { kind: 'boolean', format: 4 };
  if (ns.isNumericSchema() || ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return { kind: 'number', format: 4 };
  if (ns.isDocumentSchema()) return { kind: 'document', format: 4 };
  return { kind: 'string', format: 4 };
}

/** The plan of a schema (a member's target, a structure, an operation's input); one per schema, however reached. */
export function planOf(ref: SchemaRef | NormalizedSchema): Plan {
  const ns = ref instanceof NormalizedSchema ? ref : NormalizedSchema.of(ref);
  const key = ns.getSchema();
  if (typeof key !== 'object') {
    let plan = byValue.get(key);
    if (!plan) byValue.set(key, (plan = compile(ns)));
    return plan;
  }
  let plan = byObject.get(key);
  if (!plan) byObject.set(key, (plan = compile(ns)));
  return plan;
}

/** An operation schema (`AssumeRole$`) stands for its input structure; a structure schema for itself. */
export function inputSchemaOf(ref: SchemaRef): NormalizedSchema {
  const ns = NormalizedSchema.of(ref);
  const s = ns.getSchema() as unknown;
  if (Array.isArray(s) && s[0] === 9) return NormalizedSchema.of(s[4] as SchemaRef);
  return ns;
}
