/**
 * AWS REST-XML protocol (S3): the operation is chosen by method, path shape and query "subresource" markers;
 * members bind to URI labels, query parameters, headers (some by prefix, like x-amz-meta-*) and one payload
 * (a raw blob, or an XML document). https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 * Errors are `<Error><Code/><Message/>…<RequestId/><HostId/></Error>` as S3 writes them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); HEAD responses never carry a body.
 * The service hands the codec a route for every operation of its model (method, path shape, required query and
 * headers, the SDK's x-id tag). A service that declares the SDK's model (`ServiceDefinition.model`) gets each input
 * built by the model's HTTP binding traits and coerced to the SDK's `XCommandInput` (coerce-rest.ts), a value that
 * does not fit worded by the service's `typeError` (or read as its `tolerate` says); given the SDK package (`sdk`),
 * each output is written by the model too (rest-xml-output.ts), and an internal call's wire view is the headers the
 * model binds its members to. Without them (a service with no SDK model), members travel as the route's own
 * bindings say, as strings. A request is the most demanding route it satisfies; when that operation is missing from the
 * service's operation table, or the request names a subresource its operation does not bind, the service's
 * "not implemented" refusal answers before any member is read, and a method no route accepts gets its
 * MethodNotAllowed.
 * Deviations: path-style and virtual-hosted addressing only (no access points); XML lists are taken as
 * flattened unless the route names a wrapper.
 * An XML payload with a document type declaration, or with an element named `__proto__`, `constructor` or
 * `prototype`, is refused with MalformedXML ("not well-formed or did not validate against our published schema":
 * S3's schema has neither DTDs nor such elements); entities are never expanded. No recorded S3 answer to a DTD was
 * found; MalformedXML is the documented answer for XML that does not validate
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 * Prefix-header maps (x-amz-meta-*) and the request's headers are null-prototype records.
 */
import { randomId } from '../world/ids.js';
import { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { AwsError } from '../core/errors.js';
import { headerRecord, parseQuery, type XRequest, type XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../core/service.js';
import type { TypeErrorFactory } from './coerce-problem.js';
import { restXmlInput, restXmlInputHeaders, type Tolerate } from './coerce-rest.js';
import type { SchemaRef } from './coerce-plan.js';
import { escapeAttr, escapeText, restXmlOutput } from './rest-xml-output.js';

export type PayloadKind = 'blob' | 'string' | 'xml';

/** What selects an operation: method, path shape, and the query parameters and headers it requires. */
export interface RestMatch {
  operation: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  /** Path shape: `/`, `/{Bucket}`, or `/{Bucket}/{Key+}`. */
  target: 'root' | 'bucket' | 'object';
  /** Query parameters that must be present (`uploads`, `uploadId`); `name=value` also requires the value (`list-type=2`). */
  query?: string[];
  /** Headers that must be present (x-amz-copy-source selects CopyObject). */
  headers?: string[];
  /** The SDK's `x-id=<Op>` marker: a request carrying another x-id is not this operation. */
  xId?: string;
}

/** Where an operation's members travel, in and out. */
export interface RestBindings {
  input?: {
    /** member -> header name (lower case). */
    headers?: Record<string, string>;
    /** member -> header prefix; collected into a map without the prefix. */
    prefixHeaders?: Record<string, string>;
    /** member -> query parameter. */
    query?: Record<string, string>;
    payload?: { member: string; kind: PayloadKind; lists?: string[] };
  };
  output?: {
    /** member -> header name. */
    headers?: Record<string, string>;
    prefixHeaders?: Record<string, string>;
    /** The member carrying a blob/string body; or an XML document whose root is `root`. */
    payload?: { member: string; kind: 'blob' | 'string' } | { kind: 'xml'; root: string; member?: string; wrapped?: Record<string, string> };
    /** Status when it differs from 200; a function for outputs that decide it (206 for a range). */
    status?: number | ((output: Record<string, unknown>) => number);
  };
}

export interface RestRoute extends RestMatch, RestBindings {}

export type ResourceType = 'SERVICE' | 'BUCKET' | 'OBJECT';

/** The service's words for requests its routes refuse. */
export interface RestRefusals {
  /** A request that is a known operation (or names a known subresource) the service does not implement. */
  notImplemented(operation: string): AwsError;
  /** A method no operation accepts on this kind of resource. */
  methodNotAllowed(method: string, resource: ResourceType): AwsError;
}

export interface RestXmlOptions {
  /** Every operation of the service's model; those missing from the service's operation table are refused. */
  routes: RestRoute[];
  refuse: RestRefusals;
  /**
   * Query parameters that select an operation somewhere in the model (S3's subresources): a request carrying one
   * its operation does not bind is refused rather than run as that operation.
   */
  subresources?: ReadonlySet<string>;
  xmlns: string;
  /** The first path label taken from the Host header (virtual-hosted style), if the host carries one. */
  hostLabel?: (hostname: string) => string | undefined;
  /** How the service words a value that does not fit its member's type; needed when the service declares a model. */
  typeError?: TypeErrorFactory;
  /** What the service reads instead of a header or query value that does not fit, where AWS is lenient. */
  tolerate?: Tolerate;
  /**
   * The SDK client package (`@aws-sdk/client-s3`): each operation's `<Op>$` schema gives where its output's members
   * travel and its status (rest-xml-output.ts). Operations without one answer by their route's output bindings.
   */
  sdk?: Readonly<Record<string, unknown>>;
  /** The status of an answer when the service's differs from the model's code (S3: 206 for a range); else undefined. */
  status?: (operation: string, output: Readonly<Record<string, unknown>>) => number | undefined;
}

const PARSER_OPTIONS = {
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  // Only XML's predefined entities are decoded: documents with a DTD are refused before parsing.
  processEntities: true,
} as const;

const parser = new XMLParser(PARSER_OPTIONS);

/**
 * A document type declaration anywhere in the text (XML allows it only in the prolog, but it is refused wherever
 * it appears, so no parser configuration ever sees one).
 */
const DOCTYPE = /<!DOCTYPE/i;

/**
 * Parses an XML payload. Throws on a document with a DTD and on an element named `__proto__`, `constructor` or
 * `prototype` (fast-xml-parser refuses those names itself); the caller answers MalformedXML for both.
 */
export function parseXmlPayload(text: string, lists: string[] = []): Record<string, unknown> {
  if (DOCTYPE.test(text)) throw new Error('document type declarations are not accepted');
  const p = lists.length === 0 ? parser : new XMLParser({ ...PARSER_OPTIONS, isArray: (name) => lists.includes(name) });
  const out = p.parse(text, true) as Record<string, unknown>;
  delete out['?xml'];
  return out;
}

function scalar(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Serialises a plain value: arrays repeat the element (flattened) unless `wrapped` names an item element. */
export function xmlElement(name: string, value: unknown, wrapped: Record<string, string> = {}): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const item = wrapped[name];
    if (item) return `<${name}>${value.map((v) => xmlElement(item, v, wrapped)).join('')}</${name}>`;
    return value.map((v) => xmlElement(name, v, wrapped)).join('');
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    const obj = value as Record<string, unknown>;
    const attrs = obj['$attrs'] as Record<string, string> | undefined;
    const attrText = attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('') : '';
    const inner = Object.entries(obj)
      .filter(([k]) => k !== '$attrs')
      .map(([k, v]) => xmlElement(k, v, wrapped))
      .join('');
    return `<${name}${attrText}>${inner}</${name}>`;
  }
  return `<${name}>${escapeText(scalar(value))}</${name}>`;
}

function headerValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toUTCString();
  return String(v);
}

interface Located {
  bucket?: string;
  key?: string;
}

function locate(req: XRequest, hostLabel?: (h: string) => string | undefined): Located {
  const raw = req.path || '/';
  const fromHost = hostLabel?.(req.hostname);
  const segments = raw.replace(/^\//, '');
  if (fromHost) {
    return { bucket: fromHost, key: segments === '' ? undefined : decodeComponentStrict(segments) };
  }
  if (segments === '') return {};
  const slash = segments.indexOf('/');
  if (slash < 0) return { bucket: decodeComponentStrict(segments) };
  const bucket = decodeComponentStrict(segments.slice(0, slash));
  const key = segments.slice(slash + 1);
  return { bucket, key: key === '' ? undefined : decodeComponentStrict(key) };
}

function decodeComponentStrict(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function targetOf({ bucket, key }: Located): RestMatch['target'] {
  return key !== undefined ? 'object' : bucket !== undefined ? 'bucket' : 'root';
}

const RESOURCE_TYPE: Record<RestMatch['target'], ResourceType> = { root: 'SERVICE', bucket: 'BUCKET', object: 'OBJECT' };

/** The request's query, first value of each name. */
function firstValues(rawQuery: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const [k, v] of parseQuery(rawQuery)) if (!query.has(k)) query.set(k, v);
  return query;
}

function queryName(marker: string): string {
  const eq = marker.indexOf('=');
  return eq < 0 ? marker : marker.slice(0, eq);
}

function matches(r: RestMatch, method: string, target: RestMatch['target'], query: Map<string, string>, headers: XRequest['headers']): boolean {
  if (r.method !== method || r.target !== target) return false;
  const xId = query.get('x-id');
  if (r.xId !== undefined && xId !== undefined && xId !== r.xId) return false;
  for (const marker of r.query ?? []) {
    const name = queryName(marker);
    const value = query.get(name);
    if (value === undefined || (name !== marker && `${name}=${value}` !== marker)) return false;
  }
  return (r.headers ?? []).every((h) => headers[h] !== undefined);
}

/**
 * The operation a request is: among the routes it satisfies, the one requiring the most (so `?uploadId&partNumber`
 * with x-amz-copy-source is UploadPartCopy, not UploadPart or CopyObject); an equal tie goes to the route whose
 * x-id the request names, then to the first declared.
 */
export function matchRoute<R extends RestMatch>(routes: readonly R[], method: string, target: RestMatch['target'], query: Map<string, string>, headers: XRequest['headers']): R | undefined {
  const xId = query.get('x-id');
  let best: R | undefined;
  let bestScore = -1;
  for (const r of routes) {
    if (!matches(r, method, target, query, headers)) continue;
    const score = ((r.query?.length ?? 0) + (r.headers?.length ?? 0)) * 2 + (xId !== undefined && r.xId === xId ? 1 : 0);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** A subresource the request names that its route neither requires nor binds: the request is another operation. */
function unboundSubresource(route: RestRoute, query: Map<string, string>, subresources: ReadonlySet<string>): boolean {
  const bound = new Set([...(route.query ?? []).map(queryName), ...Object.values(route.input?.query ?? {})]);
  for (const name of query.keys()) if (subresources.has(name) && !bound.has(name)) return true;
  return false;
}

function bindInput(route: RestRoute, req: XRequest, { bucket, key }: Located, query: Map<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (bucket !== undefined) input['Bucket'] = bucket;
  if (key !== undefined) input['Key'] = key;
  for (const [member, name] of Object.entries(route.input?.query ?? {})) {
    const v = query.get(name);
    if (v !== undefined) input[member] = v;
  }
  for (const [member, name] of Object.entries(route.input?.headers ?? {})) {
    const v = req.headers[name];
    if (v !== undefined) input[member] = v;
  }
  for (const [member, prefix] of Object.entries(route.input?.prefixHeaders ?? {})) {
    // Keyed by whatever names the caller sent (x-amz-meta-__proto__ is valid metadata), so no prototype.
    const map = Object.create(null) as Record<string, string>;
    for (const [h, v] of Object.entries(req.headers)) if (h.startsWith(prefix)) map[h.slice(prefix.length)] = v;
    if (Object.keys(map).length > 0) input[member] = map;
  }
  const payload = route.input?.payload;
  if (payload) {
    if (payload.kind === 'blob') input[payload.member] = req.body;
    else if (payload.kind === 'string') input[payload.member] = req.body.toString('utf8');
    else if (req.body.length > 0) input[payload.member] = xmlPayloadRoot(req.body, payload.lists);
  }
  return input;
}

function xmlPayloadRoot(body: Buffer, lists: string[] | undefined): unknown {
  let doc: Record<string, unknown>;
  try {
    doc = parseXmlPayload(body.toString('utf8'), lists);
  } catch {
    throw malformedXml();
  }
  const root = Object.keys(doc)[0];
  if (root === undefined) throw malformedXml();
  return doc[root] === '' ? {} : doc[root];
}

function hostId(): string {
  return randomId(48).toString('base64');
}

/** The answer as the SDK's model binds the output (rest-xml-output.ts), with the service's status where it differs. */
function encodeModelled(operation: string, schema: readonly unknown[], output: unknown, ctx: { requestId: string; request: XRequest }, opts: RestXmlOptions): XResponse {
  const encoded = restXmlOutput(schema, output, opts.xmlns);
  const headers: Record<string, string> = { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': hostId(), ...encoded.headers };
  const status = opts.status?.(operation, (output ?? {}) as Record<string, unknown>) ?? encoded.status;
  if (encoded.payload === 'xml') headers['content-type'] = 'application/xml';
  else if (encoded.payload === 'string' && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  if (ctx.request.method.toUpperCase() === 'HEAD') return { status, headers, body: '' };
  if (encoded.payload === 'none') headers['content-length'] = '0';
  return { status, headers, body: encoded.body };
}

function encodeOutput(route: RestRoute | undefined, output: unknown, ctx: { requestId: string; request: XRequest }, xmlns: string): XResponse {
  const out = (output ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': hostId() };
  const used = new Set<string>();
  for (const [member, name] of Object.entries(route?.output?.headers ?? {})) {
    used.add(member);
    const v = headerValue(out[member]);
    if (v !== undefined) headers[name] = v;
  }
  for (const [member, prefix] of Object.entries(route?.output?.prefixHeaders ?? {})) {
    used.add(member);
    const map = out[member] as Record<string, string> | undefined;
    for (const [k, v] of Object.entries(map ?? {})) headers[`${prefix}${k}`] = v;
  }
  const statusSpec = route?.output?.status;
  const status = typeof statusSpec === 'function' ? statusSpec(out) : (statusSpec ?? 200);
  const payload = route?.output?.payload;
  let body: XResponse['body'] = '';
  if (payload?.kind === 'blob' || payload?.kind === 'string') {
    const v = out[payload.member];
    body = v === undefined ? '' : Buffer.isBuffer(v) || v instanceof Readable ? v : typeof v === 'string' ? v : Buffer.from(v as Uint8Array);
    if (headers['content-type'] === undefined && payload.kind === 'string') headers['content-type'] = 'application/json';
  } else if (payload?.kind === 'xml') {
    const doc = payload.member ? (out[payload.member] as Record<string, unknown>) : Object.fromEntries(Object.entries(out).filter(([k]) => !used.has(k)));
    const { $attrs, ...rest } = (doc ?? {}) as Record<string, unknown> & { $attrs?: Record<string, string> };
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + xmlElement(payload.root, { $attrs: { xmlns, ...$attrs }, ...rest }, payload.wrapped);
    headers['content-type'] = 'application/xml';
  }
  if (ctx.request.method.toUpperCase() === 'HEAD') {
    return { status, headers, body: '' };
  }
  if (typeof body === 'string' && body.length === 0 && payload === undefined) headers['content-length'] = '0';
  return { status, headers, body };
}

function encodeErrorDocument(err: AwsError, ctx: { requestId: string; request: XRequest }): XResponse {
  const headers: Record<string, string> = {
    'x-amz-request-id': ctx.requestId,
    'x-amz-id-2': hostId(),
    ...err.headers,
  };
  if (ctx.request.method.toUpperCase() === 'HEAD') return { status: err.status, headers, body: '' };
  headers['content-type'] = 'application/xml';
  const fields = Object.entries(err.fields)
    .map(([k, v]) => xmlElement(k, v))
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error>${xmlElement('Code', err.code)}${xmlElement('Message', err.message)}${fields}${xmlElement('RequestId', ctx.requestId)}${xmlElement('HostId', headers['x-amz-id-2'])}</Error>`;
  return { status: err.status, headers, body };
}

/** The header-bound members of an internal call's input, by the route's bindings (a service without a model). */
function boundHeaders(route: RestRoute | undefined, input: unknown): Array<[string, string]> {
  const fields = (input ?? {}) as Record<string, unknown>;
  const entries: Array<[string, string]> = [];
  for (const [member, name] of Object.entries(route?.input?.headers ?? {})) {
    const v = fields[member];
    if (v !== undefined && v !== null) entries.push([name, v instanceof Date ? v.toUTCString() : String(v)]);
  }
  for (const [member, prefix] of Object.entries(route?.input?.prefixHeaders ?? {})) {
    for (const [k, v] of Object.entries((fields[member] as Record<string, string> | undefined) ?? {})) entries.push([`${prefix}${k}`, v]);
  }
  return entries;
}

function internalRequestFor(route: RestRoute | undefined, entries: Array<[string, string]>, base: XRequest): XRequest {
  const headers = headerRecord(entries);
  // The caller's transport (and so aws:SecureTransport and aws:SourceIp) carries over; the wire view is this call's.
  return { ...base, method: route?.method ?? 'GET', path: '/', rawQuery: '', headers, body: Buffer.alloc(0) };
}

export function restXmlProtocol(opts: RestXmlOptions): Protocol {
  const byOperation = new Map(opts.routes.map((r) => [r.operation, r]));
  const subresources = opts.subresources ?? new Set<string>();

  return {
    decode(req: XRequest, service: ServiceDefinition): DecodedRequest {
      const located = locate(req, opts.hostLabel);
      const target = targetOf(located);
      const query = firstValues(req.rawQuery);
      const method = req.method.toUpperCase();
      const route = matchRoute(opts.routes, method, target, query, req.headers);
      if (!route) throw opts.refuse.methodNotAllowed(method, RESOURCE_TYPE[target]);
      // Checked before any member is read, so an operation the service lacks never runs as another one.
      if (!Object.hasOwn(service.operations, route.operation) || unboundSubresource(route, query, subresources)) throw opts.refuse.notImplemented(route.operation);
      const schema = service.model?.inputOf(route.operation);
      if (schema === undefined) return { operation: route.operation, input: bindInput(route, req, located, query) };
      if (opts.typeError === undefined) throw new Error('a REST-XML service with a model needs a typeError');
      const parts = { headers: req.headers, query: parseQuery(req.rawQuery), labels: { Bucket: located.bucket, Key: located.key }, body: req.body };
      return { operation: route.operation, input: restXmlInput(schema, parts, opts.typeError, opts.tolerate) };
    },
    internalRequest(operation, input, base) {
      const route = byOperation.get(operation);
      const schema = opts.sdk?.[`${operation}$`];
      return internalRequestFor(route, Array.isArray(schema) ? restXmlInputHeaders(schema as SchemaRef, input) : boundHeaders(route, input), base);
    },
    encode(operation, output, ctx) {
      const schema = opts.sdk?.[`${operation}$`];
      if (Array.isArray(schema)) return encodeModelled(operation, schema, output, ctx, opts);
      return encodeOutput(byOperation.get(operation), output, ctx, opts.xmlns);
    },
    encodeError: (err, ctx) => encodeErrorDocument(err, ctx),
  };
}

export function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
}
