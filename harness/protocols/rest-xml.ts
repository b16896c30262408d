/**
 * AWS REST-XML protocol (S3): the operation is chosen by method, path shape and query "subresource" markers;
 * members bind to URI labels, query parameters, headers (some by prefix, like x-amz-meta-*) and one payload
 * (a raw blob, or an XML document). https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 * Errors are `<Error><Code/><Message/>…<RequestId/><HostId/></Error>` as S3 writes them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); HEAD responses never carry a body.
 * The service hands the codec a route for every operation of its model (method, path shape, required query and
 * headers, the SDK's x-id tag) and the SDK's model: each input is built by the model's HTTP binding traits and
 * coerced to the SDK's `XCommandInput` (coerce-rest.ts, from `ServiceDefinition.model`), a value that does not fit
 * worded by the service's `typeError` (or read as its `tolerate` says); each output is written by the same model
 * (rest-xml-output.ts, from the SDK package `sdk`), and an internal call's wire view is the headers the model binds
 * its members to. A request is the most demanding route it satisfies; when that operation is missing from the
 * service's operation table, or the request names a subresource its route does not require, the service's
 * "not implemented" refusal answers before any member is read, and a method no route accepts gets its
 * MethodNotAllowed.
 * Deviations: path-style and virtual-hosted addressing only (no access points).
 * An XML payload with a document type declaration, or with an element named `__proto__`, `constructor` or
 * `prototype`, is refused with MalformedXML ("not well-formed or did not validate against our published schema":
 * S3's schema has neither DTDs nor such elements); entities are never expanded. No recorded S3 answer to a DTD was
 * found; MalformedXML is the documented answer for XML that does not validate
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 * Prefix-header maps (x-amz-meta-*) and the request's headers are null-prototype records.
 */
import { randomId } from '../world/ids.js';
import { XMLParser } from 'fast-xml-parser';
import { AwsError } from '../core/errors.js';
import { headerRecord, parseQuery, type XRequest, type XResponse } from '../core/request.js';
import type { DecodedRequest, Protocol, ServiceDefinition } from '../core/service.js';
import type { TypeErrorFactory } from './coerce-problem.js';
import { restXmlInput, restXmlInputHeaders, type Tolerate } from './coerce-rest.js';
import type { SchemaRef } from './coerce-plan.js';
import { escapeAttr, escapeText, restXmlOutput } from './rest-xml-output.js';

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

/** A route is what selects its operation: where the members travel is the SDK model's (coerce-rest.ts, rest-xml-output.ts). */
export type RestRoute = RestMatch;

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
  /** How the service words a value that does not fit its member's type. */
  typeError: TypeErrorFactory;
  /** What the service reads instead of a header or query value that does not fit, where AWS is lenient. */
  tolerate?: Tolerate;
  /**
   * The SDK client package (`@aws-sdk/client-s3`): each operation's `<Op>$` schema gives where its output's members
   * travel and its status (rest-xml-output.ts), and the headers an internal call's members travel in.
   */
  sdk: Readonly<Record<string, unknown>>;
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

/**
 * A subresource the request names that its route does not require: the request is another operation (no operation
 * reads a subresource as a member, sdk-routes.ts's subresourcesOf).
 */
function unboundSubresource(route: RestRoute, query: Map<string, string>, subresources: ReadonlySet<string>): boolean {
  const bound = new Set((route.query ?? []).map(queryName));
  for (const name of query.keys()) if (subresources.has(name) && !bound.has(name)) return true;
  return false;
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

function encodeErrorDocument(err: AwsError, ctx: { requestId: string; request: XRequest }): XResponse {
  const headers: Record<string, string> = {
    'x-amz-request-id': ctx.requestId,
    'x-amz-id-2': hostId(),
    ...err.headers,
  };
  // A 304 carries no content either (https://www.rfc-editor.org/rfc/rfc9110#section-15.4.5).
  if (ctx.request.method.toUpperCase() === 'HEAD' || err.status === 304) return { status: err.status, headers, body: '' };
  headers['content-type'] = 'application/xml';
  const fields = Object.entries(err.fields)
    .map(([k, v]) => xmlElement(k, v))
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error>${xmlElement('Code', err.code)}${xmlElement('Message', err.message)}${fields}${xmlElement('RequestId', ctx.requestId)}${xmlElement('HostId', headers['x-amz-id-2'])}</Error>`;
  return { status: err.status, headers, body };
}

/** The request an internal call would have sent: the route's method, and the headers the model binds its members to. */
function internalRequestFor(route: RestRoute | undefined, entries: Array<[string, string]>, base: XRequest): XRequest {
  const headers = headerRecord(entries);
  // The caller's transport (and so aws:SecureTransport and aws:SourceIp) carries over; the wire view is this call's.
  return { ...base, method: route?.method ?? 'GET', path: '/', rawQuery: '', headers, body: Buffer.alloc(0) };
}

/** The SDK's `<Op>$` schema of an operation the service implements (so one its SDK package has). */
function operationSchema(opts: RestXmlOptions, operation: string): readonly unknown[] {
  const schema = opts.sdk[`${operation}$`];
  if (!Array.isArray(schema)) throw new Error(`the SDK package has no schema for ${operation}`);
  return schema;
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
      if (schema === undefined) throw new Error(`a REST-XML service needs the SDK's model: ${service.name} has none for ${route.operation}`);
      const parts = { headers: req.headers, query: parseQuery(req.rawQuery), labels: { Bucket: located.bucket, Key: located.key }, body: req.body };
      return { operation: route.operation, input: restXmlInput(schema, parts, opts.typeError, opts.tolerate) };
    },
    internalRequest(operation, input, base) {
      return internalRequestFor(byOperation.get(operation), restXmlInputHeaders(operationSchema(opts, operation) as SchemaRef, input), base);
    },
    encode: (operation, output, ctx) => encodeModelled(operation, operationSchema(opts, operation), output, ctx, opts),
    encodeError: (err, ctx) => encodeErrorDocument(err, ctx),
  };
}
