/**
 * Reads the Smithy model an AWS SDK for JavaScript v3 client package carries at run time: each operation is an
 * exported static schema `<Op>$ = [9, namespace, name, traits, () => Input$, () => Output$]` whose traits hold the
 * HTTP binding (`http: [method, uri, status]`), and each structure is `[3, namespace, name, traits, memberNames,
 * memberSchemas, requiredCount]` whose first `requiredCount` members are the required ones. A member is
 * `[schema, traits]`; traits are an object (`httpHeader`, `httpQuery`, `httpPrefixHeaders`, `xmlName`…) or a bit set
 * (1 httpLabel, 2 idempotent, 4 idempotencyToken, 8 sensitive, 16 httpPayload, 32 httpResponseCode, 64
 * httpQueryParams), as @smithy/core's `translateTraits` reads them. An operation without input or output names
 * the schema `"unit"`.
 * https://smithy.io/2.0/spec/http-bindings.html
 * Deviations: only what routing and binding checks need is read (no shapes' value types beyond their kind).
 */

/** A schema reference as the SDK stores it: a simple-type code, a static schema, or a thunk returning one. */
export type SchemaRef = number | readonly unknown[] | (() => unknown);

export interface SdkStructure {
  name: string;
  traits: Record<string, unknown>;
  members: SdkMember[];
}

export interface SdkMember {
  name: string;
  schema: SchemaRef;
  traits: Record<string, unknown>;
  required: boolean;
}

export interface SdkOperation {
  name: string;
  /** `[method, uri]` from the `http` trait; absent for protocols that bind no HTTP route (JSON, query). */
  http?: { method: string; uri: string };
  input: SdkStructure;
  output: SdkStructure;
}

const TRAIT_BITS = ['httpLabel', 'idempotent', 'idempotencyToken', 'sensitive', 'httpPayload', 'httpResponseCode', 'httpQueryParams'] as const;

export function memberTraits(indicator: unknown): Record<string, unknown> {
  if (indicator !== null && typeof indicator === 'object') return indicator as Record<string, unknown>;
  const bits = typeof indicator === 'number' ? indicator : 0;
  const traits: Record<string, unknown> = {};
  TRAIT_BITS.forEach((name, i) => {
    if ((bits >> i) & 1) traits[name] = 1;
  });
  return traits;
}

/** Follows thunks until a schema (a code or a static tuple) is reached. */
export function deref(ref: unknown): number | readonly unknown[] {
  let value = ref;
  while (typeof value === 'function') value = (value as () => unknown)();
  if (typeof value === 'number' || Array.isArray(value)) return value as number | readonly unknown[];
  throw new Error(`not an SDK schema: ${String(value)}`);
}

export function structure(ref: unknown): SdkStructure {
  let value = ref;
  while (typeof value === 'function') value = (value as () => unknown)();
  // Smithy's Unit (no input or no output) is the string "unit".
  if (value === 'unit') return { name: 'Unit', traits: {}, members: [] };
  const s = deref(value);
  if (typeof s === 'number' || (s[0] !== 3 && s[0] !== -3)) throw new Error(`not an SDK structure schema: ${JSON.stringify(s)}`);
  const names = (s[4] ?? []) as string[];
  const schemas = (s[5] ?? []) as unknown[];
  const required = typeof s[6] === 'number' ? s[6] : 0;
  return {
    name: String(s[2]),
    traits: memberTraits(s[3]),
    members: names.map((name, i) => {
      const m = schemas[i];
      const [schema, traits] = Array.isArray(m) && m.length === 2 ? (m as [SchemaRef, unknown]) : [m as SchemaRef, 0];
      return { name, schema, traits: memberTraits(traits), required: i < required };
    }),
  };
}

/** Every operation a client package exports, in the package's (alphabetical) order. */
export function sdkOperations(model: Readonly<Record<string, unknown>>): SdkOperation[] {
  const ops: SdkOperation[] = [];
  for (const [exported, value] of Object.entries(model)) {
    if (!exported.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
    const traits = memberTraits(value[3]);
    const http = Array.isArray(traits['http']) ? (traits['http'] as [string, string]) : undefined;
    ops.push({
      name: String(value[2]),
      http: http && { method: http[0], uri: http[1] },
      input: structure(value[4]),
      output: structure(value[5]),
    });
  }
  return ops;
}
