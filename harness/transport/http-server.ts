/**
 * The network transport: node:http (and node:https with a certificate generated at start) bound to 127.0.0.1 by
 * default. It only turns bytes into an XRequest and back; everything else happens in `Emulator.handle()`.
 * Bodies are limited so a client cannot exhaust memory; the server keeps serving after any bad request.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Emulator } from '../core/emulator.js';
import type { XRequest } from '../core/request.js';

/** S3 allows 5 GiB in one PUT; the emulator keeps objects in memory, so it refuses more than this. */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;

function toXRequest(req: IncomingMessage, body: Buffer, protocol: 'http' | 'https'): XRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  const host = headers['host'] ?? '127.0.0.1';
  const colon = host.lastIndexOf(':');
  return {
    method: req.method ?? 'GET',
    protocol,
    hostname: colon > 0 && !host.endsWith(']') ? host.slice(0, colon) : host,
    port: colon > 0 ? Number(host.slice(colon + 1)) || undefined : undefined,
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  };
}

/**
 * Gathers a request body. With a Content-Length it writes each chunk into one buffer of that size as it arrives,
 * so a large upload is held once rather than as chunks plus their concatenation.
 */
class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private buffer: Buffer | undefined;
  private size = 0;

  constructor(contentLength: string | undefined) {
    const declared = contentLength === undefined ? NaN : Number(contentLength);
    if (Number.isInteger(declared) && declared > 0 && declared <= MAX_BODY_BYTES) this.buffer = Buffer.allocUnsafe(declared);
  }

  /** False when the body grows past what the server accepts. */
  add(chunk: Buffer): boolean {
    if (this.size + chunk.length > MAX_BODY_BYTES) return false;
    if (this.buffer && this.size + chunk.length <= this.buffer.length) {
      chunk.copy(this.buffer, this.size);
    } else {
      // More bytes than declared (or no length at all): keep what is there and fall back to collecting chunks.
      if (this.buffer) {
        this.chunks.push(this.buffer.subarray(0, this.size));
        this.buffer = undefined;
      }
      this.chunks.push(chunk);
    }
    this.size += chunk.length;
    return true;
  }

  done(): Buffer {
    if (this.buffer) return this.size === this.buffer.length ? this.buffer : this.buffer.subarray(0, this.size);
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }
}

function listener(emulator: () => Emulator, protocol: 'http' | 'https') {
  return (req: IncomingMessage, res: ServerResponse) => {
    const body = new BodyCollector(req.headers['content-length']);
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      if (!body.add(chunk)) {
        refused = true;
        res.writeHead(413, { 'content-type': 'application/xml', connection: 'close' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>');
        req.destroy();
      }
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const xreq = toXRequest(req, body.done(), protocol);
      emulator()
        .handle(xreq)
        .then((out) => {
          if (out.body instanceof Readable) {
            res.writeHead(out.status, out.headers);
            if (req.method === 'HEAD') {
              out.body.destroy();
              res.end();
              return;
            }
            // A failure half-way (the stored bytes no longer authenticate) cannot become an error response any more.
            pipeline(out.body, res).catch(() => res.destroy());
            return;
          }
          const payload = typeof out.body === 'string' ? Buffer.from(out.body) : out.body;
          const headers = { ...out.headers };
          if (headers['content-length'] === undefined) headers['content-length'] = String(payload.length);
          res.writeHead(out.status, headers);
          res.end(req.method === 'HEAD' ? undefined : payload);
        })
        .catch(() => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"__type":"InternalFailure","message":"internal error"}');
        });
    });
  };
}

export interface Listening {
  server: Server;
  url: string;
  port: number;
}

async function listen(server: Server, host: string, port: number, scheme: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { server, port: addr.port, url: `${scheme}://${shownHost}:${addr.port}` };
}

export async function startHttp(emulator: () => Emulator, host: string, port: number): Promise<Listening> {
  const server = createHttpServer({ keepAliveTimeout: 5000 }, listener(emulator, 'http'));
  return listen(server, host, port, 'http');
}

export async function startHttps(emulator: () => Emulator, host: string, port: number, tls: { key: string; cert: string }): Promise<Listening> {
  const server = createHttpsServer({ key: tls.key, cert: tls.cert }, listener(emulator, 'https'));
  return listen(server, host, port, 'https') as Promise<Listening>;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
