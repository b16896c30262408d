/**
 * A REST-XML operation's input built from the request by the model's HTTP binding traits, so a route declares no
 * bindings of its own: `httpLabel` (path labels), `httpHeader`, `httpPrefixHeaders` (x-amz-meta-*), `httpQuery`,
 * `httpPayload` (a blob or string body as sent, a structure as an XML document) and, without a payload member, the
 * unbound members read from the XML body's root element.
 * https://smithy.io/2.0/spec/http-bindings.html, https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 * Header lists are comma-separated (split by the SDK's own splitHeader); a query list takes every value of its
 * parameter. Header names are matched in lower case, as the transports deliver them.
 * Known deviations: `httpQueryParams` (a map of all parameters) is not read; the payload's root element name is not
 * checked against the member's xmlName; `httpResponseCode` and host labels do not apply to inputs.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { splitHeader } from '@smithy/core/serde';
import { coerceValue, memberValue, refuse } from './coerce.js';
import type { Binding, TextBinding, TypeErrorFactory, TypeProblem } from './coerce-problem.js';
import { inputSchemaOf, planOf, type MemberPlan, type SchemaRef, type StructPlan } from './coerce-plan.js';
import { ABSENT, Mismatch } from './coerce-scalars.js';
import { parseXmlPayload } from './rest-xml.js';
import { headerText } from './rest-xml-output.js';

/** The parts of a request a REST binding reads. */
export interface RestRequestParts {
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Decoded query parameters in the order sent; a scalar member takes the first value of its name. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Decoded path labels by member name (`Bucket`, `Key`). */
  labels: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

interface Bindings {
  labels: MemberPlan[];
  /** Members by lower-case header name, null-prototype: a request's headers are walked once. */
  headers: Record<string, MemberPlan>;
  prefixHeaders: Array<{ member: MemberPlan; prefix: string }>;
  query: Array<{ member: MemberPlan; param: string }>;
  payload?: MemberPlan;
  /** Members read from the XML body when no member is the payload. */
  body: MemberPlan[];
}

const cache = new WeakMap<StructPlan, Bindings>();

function bindingsOf(plan: StructPlan): Bindings {
  let b = cache.get(plan);
  if (b) return b;
  b = { labels: [], headers: Object.create(null) as Record<string, MemberPlan>, prefixHeaders: [], query: [], body: [] };
  for (const m of plan.members()) {
    const t = m.traits;
    if (t['httpLabel']) b.labels.push(m);
    else if (typeof t['httpHeader'] === 'string') b.headers[t['httpHeader'].toLowerCase()] = m;
    else if (typeof t['httpPrefixHeaders'] === 'string') b.prefixHeaders.push({ member: m, prefix: t['httpPrefixHeaders'].toLowerCase() });
    else if (typeof t['httpQuery'] === 'string') b.query.push({ member: m, param: t['httpQuery'] });
    else if (t['httpPayload']) b.payload = m;
    else if (!t['httpQueryParams'] && !t['httpResponseCode']) b.body.push(m);
  }
  cache.set(plan, b);
  return b;
}

/**
 * What a service reads instead of a header or query value that does not fit its type, where AWS is lenient (S3
 * reads a junk boolean header as false): `{ value }` (undefined: as if not sent), or undefined to refuse it.
 */
export type Tolerate = (problem: TypeProblem) => { value: unknown } | undefined;

function bound(member: MemberPlan, raw: unknown, location: TextBinding, name: string, typeError: TypeErrorFactory, tolerate?: Tolerate): unknown {
  try {
    return memberValue(member, 'xml', raw, location);
  } catch (e) {
    const read = e instanceof Mismatch ? tolerate?.({ expected: e.expected, value: e.value, path: e.path, binding: { location, name } }) : undefined;
    if (read !== undefined) return read.value;
    return refuse(e, typeError, { location, name });
  }
}

function headerValue(member: MemberPlan, raw: string): unknown {
  if (member.plan.kind !== 'list') return raw;
  return raw === '' ? [] : splitHeader(raw);
}

function queryValue(member: MemberPlan, name: string, query: RestRequestParts['query']): unknown {
  if (member.plan.kind === 'list') {
    const all = query.filter(([k]) => k === name).map(([, v]) => v);
    return all.length === 0 ? undefined : all;
  }
  return query.find(([k]) => k === name)?.[1];
}

function prefixMap(prefix: string, headers: RestRequestParts['headers']): Record<string, string> | undefined {
  // Keyed by whatever names the caller sent (x-amz-meta-__proto__ is valid metadata), so no prototype.
  const map = Object.create(null) as Record<string, string>;
  let found = false;
  for (const [h, v] of Object.entries(headers)) {
    if (v !== undefined && h.startsWith(prefix)) {
      map[h.slice(prefix.length)] = v;
      found = true;
    }
  }
  return found ? map : undefined;
}

function xmlDocument(body: Buffer, typeError: TypeErrorFactory, binding: Binding): unknown {
  let doc: Record<string, unknown>;
  try {
    doc = parseXmlPayload(body.toString('utf8'));
  } catch {
    return refuse(new Mismatch('payload', undefined), typeError, binding);
  }
  const roots = Object.keys(doc);
  if (roots.length !== 1) return refuse(new Mismatch('payload', undefined), typeError, binding);
  return doc[roots[0]!];
}

function payloadValue(member: MemberPlan, body: Buffer, typeError: TypeErrorFactory): unknown {
  const kind = member.plan.kind;
  if (kind === 'blob') return body;
  if (body.length === 0) return ABSENT;
  if (kind === 'string') return body.toString('utf8');
  const binding: Binding = { location: 'payload', name: member.xmlName };
  const root = xmlDocument(body, typeError, binding);
  try {
    return memberValue(member, 'xml', root);
  } catch (e) {
    return refuse(e, typeError, binding);
  }
}

function set(out: Record<string, unknown>, member: MemberPlan, v: unknown): void {
  if (v !== undefined && v !== ABSENT) out[member.name] = v;
}

/**
 * The headers a typed input's header-bound members travel in (the inverse of restXmlInput for headers, as an SDK
 * client would send them), lower-case, each prefix-header map entry as its own header: the wire view of an internal
 * call. `schema` as for restXmlInput.
 */
export function restXmlInputHeaders(schema: SchemaRef | NormalizedSchema, input: unknown): Array<[string, string]> {
  const plan = planOf(typeof schema === 'object' && schema !== null && 'getMergedTraits' in schema ? schema : inputSchemaOf(schema));
  if (plan.kind !== 'structure') throw new TypeError('a REST-XML input schema must be a structure');
  const b = bindingsOf(plan);
  const fields = (input ?? {}) as Record<string, unknown>;
  const out: Array<[string, string]> = [];
  for (const [header, member] of Object.entries(b.headers)) {
    const v = Object.hasOwn(fields, member.name) ? fields[member.name] : undefined;
    if (v !== undefined && v !== null) out.push([header, headerText(v)]);
  }
  for (const { member, prefix } of b.prefixHeaders) {
    const map = Object.hasOwn(fields, member.name) ? (fields[member.name] as Record<string, unknown> | undefined) : undefined;
    for (const [k, v] of Object.entries(map ?? {})) out.push([`${prefix}${k}`, headerText(v)]);
  }
  return out;
}

/**
 * The input of a REST-XML operation (`schema` as for coerceInput; `T` the SDK's `XCommandInput`) from the request's
 * labels, headers, query and body, every member coerced to its type (or read as `tolerate` says). The result has no
 * prototype.
 */
export function restXmlInput<T>(schema: SchemaRef | NormalizedSchema, parts: RestRequestParts, typeError: TypeErrorFactory, tolerate?: Tolerate): T {
  const plan = planOf(typeof schema === 'object' && schema !== null && 'getMergedTraits' in schema ? schema : inputSchemaOf(schema));
  if (plan.kind !== 'structure') throw new TypeError('a REST-XML input schema must be a structure');
  const b = bindingsOf(plan);
  const out = Object.create(null) as Record<string, unknown>;
  for (const m of b.labels) {
    const raw = parts.labels[m.name];
    if (raw !== undefined) set(out, m, bound(m, raw, 'label', m.name, typeError, tolerate));
  }
  for (const header of Object.keys(parts.headers)) {
    const member = b.headers[header];
    const raw = parts.headers[header];
    if (member !== undefined && raw !== undefined) set(out, member, bound(member, headerValue(member, raw), 'header', header, typeError, tolerate));
  }
  for (const { member, prefix } of b.prefixHeaders) set(out, member, prefixMap(prefix, parts.headers));
  for (const { member, param } of b.query) {
    const raw = queryValue(member, param, parts.query);
    if (raw !== undefined) set(out, member, bound(member, raw, 'query', param, typeError, tolerate));
  }
  if (b.payload) set(out, b.payload, payloadValue(b.payload, parts.body, typeError));
  else if (b.body.length > 0 && parts.body.length > 0) {
    const binding: Binding = { location: 'payload', name: 'body' };
    const root = xmlDocument(parts.body, typeError, binding);
    let fields: Record<string, unknown>;
    try {
      fields = coerceValue(plan, 'xml', root) as Record<string, unknown>;
    } catch (e) {
      return refuse(e, typeError, binding);
    }
    for (const m of b.body) set(out, m, fields[m.name]);
  }
  return out as T;
}
