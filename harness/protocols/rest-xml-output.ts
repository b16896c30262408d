/**
 * A REST-XML response built from an operation's output (the SDK's `XCommandOutput`) by the SDK model's HTTP binding
 * traits, the inverse of coerce-rest.ts: `httpHeader` and `httpPrefixHeaders` members become headers, the
 * `httpPayload` member the body (a blob or string as it is, a structure as an XML document rooted at its name), and
 * without a payload member the unbound members form a document rooted at the output's `xmlName`
 * (`ListAllMyBucketsResult`). XML names, wrapped and flattened lists, attributes (`xmlAttribute`) and their
 * namespaces (`xmlNamespace`, S3's `xsi:type` on a Grantee) come from the model; the status is the operation's
 * `http` code. https://smithy.io/2.0/spec/http-bindings.html, https://smithy.io/2.0/spec/protocol-traits.html,
 * https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 * Elements are written in the order the output's own keys have, not the model's: AWS's documents do not follow the
 * model's member order (S3's ListAllMyBucketsResult writes Owner before Buckets), so each handler writes AWS's.
 * Timestamps are ISO 8601 with milliseconds in documents (as S3 writes them) and HTTP dates in headers; blobs in
 * documents are base64. Keys the model does not know are not written (as a client ignores members it does not know).
 * Known deviations: a string payload is labelled application/json unless the output names a Content-Type (the only
 * string payload served is a bucket policy); maps inside documents are written as `entry`/`key`/`value` elements.
 */
import { Readable } from 'node:stream';
import { NormalizedSchema } from '@smithy/core/schema';
import { planOf, type MemberPlan, type Plan, type SchemaRef, type StructPlan } from './coerce-plan.js';

export type ResponseBody = string | Buffer | Readable;

export interface EncodedOutput {
  /** The operation's `http` code (200 unless the model says otherwise). */
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: ResponseBody;
  /** What the body is: nothing bound (an empty answer), a blob or string payload, or an XML document. */
  payload: 'none' | 'blob' | 'string' | 'xml';
}

interface OutputBindings {
  status: number;
  /** Members by member name; null-prototype, so an output key never reaches a prototype. */
  members: Readonly<Record<string, MemberPlan>>;
  payload?: MemberPlan;
  /** Whether any member travels in an XML document without a payload member. */
  hasBody: boolean;
  /** The document's root element when the unbound members form it. */
  root: string;
}

const cache = new WeakMap<object, OutputBindings>();

function outputBindings(operation: readonly unknown[]): OutputBindings {
  let b = cache.get(operation);
  if (b) return b;
  const traits = (operation[3] ?? {}) as { http?: [string, string, number?] };
  const status = traits.http?.[2] ?? 200;
  const output = typeof operation[5] === 'function' ? (operation[5] as () => unknown)() : operation[5];
  if (output === 'unit' || output === undefined) {
    b = { status, members: Object.create(null) as Record<string, MemberPlan>, hasBody: false, root: '' };
  } else {
    const ns = NormalizedSchema.of(output as SchemaRef);
    const plan = planOf(ns) as StructPlan;
    const members = plan.byName();
    const all = plan.members();
    const payload = all.find((m) => m.traits['httpPayload']);
    const hasBody = payload === undefined && all.some((m) => !isBound(m));
    const root = String(ns.getMergedTraits()['xmlName'] ?? ns.getName() ?? '');
    b = { status, members, payload, hasBody, root };
  }
  cache.set(operation, b);
  return b;
}

function isBound(m: MemberPlan): boolean {
  const t = m.traits;
  return typeof t['httpHeader'] === 'string' || typeof t['httpPrefixHeaders'] === 'string' || Boolean(t['httpPayload'] || t['httpResponseCode']);
}

export function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function scalarText(plan: Plan, value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (plan.kind === 'blob' && (Buffer.isBuffer(value) || value instanceof Uint8Array)) return Buffer.from(value).toString('base64');
  return String(value);
}

/** A header's text for a value: an HTTP date for a timestamp, lists comma-separated. */
export function headerText(value: unknown): string {
  if (value instanceof Date) return value.toUTCString();
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  return String(value);
}

/** `xmlns:prefix="uri"` for a member carrying `xmlNamespace` (the SDK stores it as `[prefix, uri]`). */
function namespaceAttr(member: MemberPlan | undefined): string {
  const ns = member?.traits['xmlNamespace'];
  if (!Array.isArray(ns)) return '';
  const [prefix, uri] = ns as [string, string];
  return ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${escapeAttr(uri)}"`;
}

function structElement(name: string, plan: StructPlan, value: Record<string, unknown>, attrs: string): string {
  const members = plan.byName();
  let attributes = attrs;
  let inner = '';
  for (const key of Object.keys(value)) {
    const m = members[key];
    const v = value[key];
    if (m === undefined || v === undefined || v === null) continue;
    if (m.traits['xmlAttribute']) attributes += ` ${m.xmlName}="${escapeAttr(scalarText(m.plan, v))}"`;
    else inner += memberElement(m, v);
  }
  return `<${name}${attributes}>${inner}</${name}>`;
}

function memberElement(m: MemberPlan, value: unknown): string {
  if (m.plan.kind === 'list' && m.flattened && Array.isArray(value)) {
    const item = m.plan.item;
    return value.map((v) => element(m.xmlName, item, v, namespaceAttr(m))).join('');
  }
  return element(m.xmlName, m.plan, value, namespaceAttr(m));
}

/** One element of `plan`'s shape named `name`; `attrs` are written on it as they are (a leading space each). */
export function element(name: string, plan: Plan, value: unknown, attrs = ''): string {
  if (value === undefined || value === null) return '';
  switch (plan.kind) {
    case 'structure':
      return structElement(name, plan, value as Record<string, unknown>, attrs);
    case 'list': {
      const item = plan.item;
      const items = (value as unknown[]).map((v) => element(plan.itemName, item, v)).join('');
      return `<${name}${attrs}>${items}</${name}>`;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `<entry><${plan.keyName}>${escapeText(k)}</${plan.keyName}>${element(plan.valueName, plan.value, v)}</entry>`)
        .join('');
      return `<${name}${attrs}>${entries}</${name}>`;
    }
    default:
      return `<${name}${attrs}>${escapeText(scalarText(plan, value))}</${name}>`;
  }
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function blobBody(value: unknown): ResponseBody {
  if (value === undefined || value === null) return '';
  if (Buffer.isBuffer(value) || value instanceof Readable || typeof value === 'string') return value;
  return Buffer.from(value as Uint8Array);
}

/**
 * The response for `output` of `operation` (the SDK's `<Op>$` schema). `xmlns` is the namespace every document's
 * root declares.
 */
export function restXmlOutput(operation: readonly unknown[], output: unknown, xmlns: string): EncodedOutput {
  const b = outputBindings(operation);
  const out = (output ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  const doc: Record<string, unknown> = {};
  let payloadValue: unknown;
  for (const key of Object.keys(out)) {
    const m = b.members[key];
    const v = out[key];
    if (m === undefined || v === undefined || v === null) continue;
    const t = m.traits;
    if (typeof t['httpHeader'] === 'string') headers[t['httpHeader'].toLowerCase()] = headerText(v);
    else if (typeof t['httpPrefixHeaders'] === 'string') {
      const prefix = t['httpPrefixHeaders'].toLowerCase();
      for (const [k, value] of Object.entries(v as Record<string, unknown>)) headers[`${prefix}${k}`] = headerText(value);
    } else if (t['httpPayload']) payloadValue = v;
    else if (!t['httpResponseCode']) doc[key] = v;
  }
  const root = ` xmlns="${escapeAttr(xmlns)}"`;
  if (b.payload) {
    const kind = b.payload.plan.kind;
    if (kind === 'blob') return { status: b.status, headers, body: blobBody(payloadValue), payload: 'blob' };
    if (kind === 'string') return { status: b.status, headers, body: payloadValue === undefined ? '' : String(payloadValue), payload: 'string' };
    const body = XML_DECLARATION + element(b.payload.xmlName, b.payload.plan, payloadValue ?? {}, root);
    return { status: b.status, headers, body, payload: 'xml' };
  }
  if (!b.hasBody) return { status: b.status, headers, body: '', payload: 'none' };
  const [only, ...others] = Object.values(b.members);
  if (only && others.length === 0 && only.xmlName === b.root && only.plan.kind !== 'structure' && only.plan.kind !== 'list' && only.plan.kind !== 'map') {
    // An output whose one member is named as its root is that root's text: S3's GetBucketLocation,
    // <LocationConstraint xmlns="…">eu-west-1</LocationConstraint> (API_GetBucketLocation's sample response), which
    // botocore and the SDK read as the root's text.
    const v = doc[Object.keys(b.members)[0]!];
    return { status: b.status, headers, body: `${XML_DECLARATION}<${b.root}${root}>${v === undefined ? '' : escapeText(scalarText(only.plan, v))}</${b.root}>`, payload: 'xml' };
  }
  let inner = '';
  for (const key of Object.keys(doc)) inner += memberElement(b.members[key]!, doc[key]);
  return { status: b.status, headers, body: `${XML_DECLARATION}<${b.root}${root}>${inner}</${b.root}>`, payload: 'xml' };
}
