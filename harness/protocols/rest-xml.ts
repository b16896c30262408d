/**
 * AWS REST-XML protocol (S3): the operation is chosen by method, path shape and query "subresource" markers;
 * members bind to URI labels, query parameters, headers (some by prefix, like x-amz-meta-*) and one payload
 * (a raw blob, or an XML document). https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
 * Errors are `<Error><Code/><Message/>…<RequestId/><HostId/></Error>` as S3 writes them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); HEAD responses never carry a body.
 * The codec knows no service model: each route declares its bindings, and values stay strings (handlers coerce).
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
import type { DecodedRequest, Protocol } from '../core/service.js';

export type PayloadKind = 'blob' | 'string' | 'xml';

export interface RestRoute {
  operation: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  /** Path shape: `/`, `/{Bucket}`, or `/{Bucket}/{Key+}`. */
  target: 'root' | 'bucket' | 'object';
  /** Query parameters that must be present (S3 subresources: ?policy, ?uploads, ?versionId…). */
  query?: string[];
  /** A header that must be present (x-amz-copy-source selects CopyObject). */
  header?: string;
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

export interface RestXmlOptions {
  routes: RestRoute[];
  xmlns: string;
  /** The first path label taken from the Host header (virtual-hosted style), if the host carries one. */
  hostLabel?: (hostname: string) => string | undefined;
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

function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
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

function specificity(r: RestRoute): number {
  return (r.query?.length ?? 0) * 2 + (r.header ? 1 : 0);
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

export function restXmlProtocol(opts: RestXmlOptions): Protocol {
  const routes = [...opts.routes].sort((a, b) => specificity(b) - specificity(a));
  const byOperation = new Map(opts.routes.map((r) => [r.operation, r]));

  function hostId(): string {
    return randomId(48).toString('base64');
  }

  return {
    decode(req: XRequest): DecodedRequest {
      const { bucket, key } = locate(req, opts.hostLabel);
      const target: RestRoute['target'] = key !== undefined ? 'object' : bucket !== undefined ? 'bucket' : 'root';
      const query = new Map<string, string>();
      for (const [k, v] of parseQuery(req.rawQuery)) if (!query.has(k)) query.set(k, v);
      const method = req.method.toUpperCase();
      const route = routes.find(
        (r) =>
          r.method === method &&
          r.target === target &&
          (r.query ?? []).every((q) => query.has(q)) &&
          (r.header === undefined || req.headers[r.header] !== undefined),
      );
      if (!route) {
        throw new AwsError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
          fields: { Method: method, ResourceType: target === 'object' ? 'OBJECT' : target === 'bucket' ? 'BUCKET' : 'SERVICE' },
        });
      }
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
        else if (req.body.length > 0) {
          let doc: Record<string, unknown>;
          try {
            doc = parseXmlPayload(req.body.toString('utf8'), payload.lists);
          } catch {
            throw malformedXml();
          }
          const root = Object.keys(doc)[0];
          if (root === undefined) throw malformedXml();
          input[payload.member] = doc[root] === '' ? {} : doc[root];
        }
      }
      return { operation: route.operation, input };
    },

    internalRequest(operation: string, input: unknown, base: XRequest): XRequest {
      const route = byOperation.get(operation);
      const fields = (input ?? {}) as Record<string, unknown>;
      const entries: Array<[string, string]> = [];
      for (const [member, name] of Object.entries(route?.input?.headers ?? {})) {
        const v = fields[member];
        if (v !== undefined && v !== null) entries.push([name, v instanceof Date ? v.toUTCString() : String(v)]);
      }
      for (const [member, prefix] of Object.entries(route?.input?.prefixHeaders ?? {})) {
        for (const [k, v] of Object.entries((fields[member] as Record<string, string> | undefined) ?? {})) entries.push([`${prefix}${k}`, v]);
      }
      const headers = headerRecord(entries);
      // The caller's transport (and so aws:SecureTransport and aws:SourceIp) carries over; the wire view is this call's.
      return { ...base, method: route?.method ?? 'GET', path: '/', rawQuery: '', headers, body: Buffer.alloc(0) };
    },

    encode(operation: string, output: unknown, ctx): XResponse {
      const route = byOperation.get(operation);
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
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + xmlElement(payload.root, { $attrs: { xmlns: opts.xmlns, ...$attrs }, ...rest }, payload.wrapped);
        headers['content-type'] = 'application/xml';
      }
      if (ctx.request.method.toUpperCase() === 'HEAD') {
        return { status, headers, body: '' };
      }
      if (typeof body === 'string' && body.length === 0 && payload === undefined) headers['content-length'] = '0';
      return { status, headers, body };
    },

    encodeError(err: AwsError, ctx): XResponse {
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
    },
  };
}

export function malformedXml(): AwsError {
  return new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
}
