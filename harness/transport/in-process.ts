/**
 * The in-process transport: a Smithy `HttpHandler` given to `@aws-sdk/client-*` as `requestHandler`, so SDK calls
 * reach `Emulator.handle()` without a socket. The request is turned into the same XRequest the HTTP server builds
 * (query string built as node-http-handler builds it), so signatures verify exactly as over the wire.
 */
import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Emulator } from '../core/emulator.js';
import { headerRecord, type XRequest } from '../core/request.js';

function encodeQuery(query: HttpRequest['query']): string {
  const parts: string[] = [];
  for (const key of Object.keys(query ?? {})) {
    const value = query[key];
    const k = rfc3986(key);
    if (Array.isArray(value)) for (const v of value) parts.push(`${k}=${rfc3986(v)}`);
    else if (value === null || value === undefined) parts.push(k);
    else parts.push(`${k}=${rfc3986(value)}`);
  }
  return parts.join('&');
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

async function bodyBuffer(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  if (typeof (body as Blob).arrayBuffer === 'function') return Buffer.from(await (body as Blob).arrayBuffer());
  throw new Error(`unsupported request body type ${Object.prototype.toString.call(body)}`);
}

export class InProcessHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(private readonly emulator: () => Emulator, private readonly protocol: 'http' | 'https' = 'http') {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const headers = headerRecord(Object.entries(request.headers));
    const host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
    if (!headers['host']) headers['host'] = host;
    const body = await bodyBuffer(request.body);
    if (headers['content-length'] === undefined && body.length > 0) headers['content-length'] = String(body.length);
    const xreq: XRequest = {
      method: request.method,
      protocol: this.protocol,
      hostname: request.hostname,
      port: request.port,
      path: request.path,
      rawQuery: encodeQuery(request.query),
      headers,
      body,
      sourceIp: '127.0.0.1',
    };
    const res = await this.emulator().handle(xreq);
    if (res.body instanceof Readable) {
      return { response: new HttpResponse({ statusCode: res.status, headers: { ...res.headers }, body: request.method === 'HEAD' ? Readable.from([]) : res.body }) };
    }
    const payload = typeof res.body === 'string' ? Buffer.from(res.body) : res.body;
    const resHeaders = { ...res.headers };
    if (request.method !== 'HEAD' && resHeaders['content-length'] === undefined) resHeaders['content-length'] = String(payload.length);
    return {
      response: new HttpResponse({
        statusCode: res.status,
        headers: resHeaders,
        body: Readable.from(request.method === 'HEAD' ? [] : [payload]),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}
