/**
 * The network transport: node:http (and node:https with a certificate generated at start) bound to 127.0.0.1 by
 * default. It only turns bytes into an XRequest and back; the request path itself is `Emulator.admit()` (from the
 * head) and the `proceed()` it returns (with the body).
 * Memory: a body is held only once the emulator has admitted the request's head, so an unsigned, badly signed or
 * anonymous-and-denied upload is answered before any of its bytes are read, with `connection: close` (as S3 closes
 * the connection after refusing an upload). Every body held at once, across all connections of the servers that
 * share one BodyBudget, fits in its capacity; a body that would not fit is answered with the service's throttling
 * error (S3: 503 SlowDown) without being read, and one larger than the whole capacity with its too-large error.
 * A body is given back to the budget when its response ends or its connection is lost.
 * `Expect: 100-continue` is honoured: such a client sends its body only after its head was admitted.
 * The server keeps serving after any bad request.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Admitted, BodyRefusal, Emulator } from '../core/emulator.js';
import { headerRecord, type XRequest, type XResponse } from '../core/request.js';

/** S3 allows 5 GiB in one PUT; the emulator keeps objects in memory, so one request body never exceeds this. */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;
/** Default for how many body bytes all requests together may hold (`maxBodyBytesInFlight`). */
export const DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 256 * 1024 * 1024;

/** How long a refused request's connection waits for the client to close it. */
const LINGER_MS = 2000;
const EMPTY_BODY = Buffer.alloc(0);

/** The bytes of request bodies the servers sharing it hold at once, and the most they may hold. */
export class BodyBudget {
  private held = 0;

  constructor(readonly capacity: number = DEFAULT_MAX_BODY_BYTES_IN_FLIGHT) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`maxBodyBytesInFlight must be a positive whole number of bytes, got ${capacity}`);
  }

  get inUse(): number {
    return this.held;
  }

  /** Takes `bytes` from the budget; false, taking nothing, when they do not fit beside what is held. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.capacity) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }
}

/** What one request holds of the budget; given back once, whichever way the request ends. */
class Reservation {
  private taken = 0;

  constructor(private readonly budget: BodyBudget) {}

  /** Grows the reservation to `bytes`; false when the budget cannot cover them. */
  cover(bytes: number): boolean {
    if (bytes <= this.taken) return true;
    if (!this.budget.take(bytes - this.taken)) return false;
    this.taken = bytes;
    return true;
  }

  release(): void {
    this.budget.give(this.taken);
    this.taken = 0;
  }
}

function toXRequest(req: IncomingMessage, protocol: 'http' | 'https'): XRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers = headerRecord(Object.entries(req.headers));
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
    body: EMPTY_BODY,
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
  size = 0;

  constructor(declared: number | undefined) {
    if (declared !== undefined && declared > 0) this.buffer = Buffer.allocUnsafe(declared);
  }

  add(chunk: Buffer): void {
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
  }

  done(): Buffer {
    if (this.buffer) return this.size === this.buffer.length ? this.buffer : this.buffer.subarray(0, this.size);
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }
}

function declaredLength(req: IncomingMessage): number | undefined {
  const value = req.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

type BodyOutcome = { body: Buffer } | { refusal: BodyRefusal } | { aborted: true };

/** Reads the body within `limit` and the reservation; stops reading at the first byte that does not fit. */
function readBody(req: IncomingMessage, declared: number | undefined, limit: number, reservation: Reservation): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const body = new BodyCollector(declared);
    const finish = (outcome: BodyOutcome) => {
      // Bytes after a refusal stay unread: the connection closes with the answer.
      if ('refusal' in outcome) req.pause();
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      const size = body.size + chunk.length;
      if (size > limit) finish({ refusal: { kind: 'tooLarge', proposed: size, allowed: limit } });
      else if (!reservation.cover(size)) finish({ refusal: { kind: 'throttled' } });
      else body.add(chunk);
    };
    const onEnd = () => finish({ body: body.done() });
    const onAbort = () => finish({ aborted: true });
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

function send(req: IncomingMessage, res: ServerResponse, out: XResponse): void {
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
}

/**
 * Answers a request whose body is refused, without reading the rest of it; the connection then closes so the unread
 * bytes are never taken for a request. It closes when the client closes it (on reading `connection: close`) or after
 * LINGER_MS: closing a socket with unread bytes makes TCP reset the connection, which can destroy the answer before
 * the client has read it (RFC 9112 section 9.6), so the answer is written whole (Content-Length) and left to arrive.
 */
function refuse(req: IncomingMessage, res: ServerResponse, out: XResponse): void {
  if (req.complete) return send(req, res, out);
  const payload = Buffer.from(typeof out.body === 'string' ? out.body : (out.body as Buffer));
  res.writeHead(out.status, { ...out.headers, 'content-length': String(payload.length), connection: 'close' });
  if (req.method === 'HEAD') res.flushHeaders();
  else res.write(payload);
  const timer = setTimeout(() => res.destroy(), LINGER_MS);
  res.once('close', () => clearTimeout(timer));
}

function internalError(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
  res.end('{"__type":"InternalFailure","message":"internal error"}');
}

async function serve(emulator: Emulator, req: IncomingMessage, res: ServerResponse, protocol: 'http' | 'https', budget: BodyBudget): Promise<void> {
  const reservation = new Reservation(budget);
  let open = true;
  // 'close' follows the end of the response and also a connection lost half-way, so the bytes always come back.
  res.once('close', () => {
    open = false;
    reservation.release();
  });
  const admission = await emulator.admit(toXRequest(req, protocol));
  if (!open) return;
  if ('refused' in admission) return refuse(req, res, admission.refused);
  const admitted: Admitted = admission.admitted;
  const limit = Math.min(admitted.maxBodyBytes, budget.capacity, MAX_BODY_BYTES);
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) return refuse(req, res, await admitted.refuse({ kind: 'tooLarge', proposed: declared, allowed: limit }));
  if (!reservation.cover(declared ?? 0)) return refuse(req, res, await admitted.refuse({ kind: 'throttled' }));
  if (/^100-continue$/i.test(req.headers['expect'] ?? '')) res.writeContinue();
  const outcome = await readBody(req, declared, limit, reservation);
  if ('aborted' in outcome) return void res.destroy();
  if ('refusal' in outcome) {
    // The bytes read so far are dropped with the refusal, not kept while its connection lingers.
    reservation.release();
    return refuse(req, res, await admitted.refuse(outcome.refusal));
  }
  send(req, res, await admitted.proceed(outcome.body));
}

function listener(emulator: () => Emulator, protocol: 'http' | 'https', budget: BodyBudget) {
  return (req: IncomingMessage, res: ServerResponse) => {
    serve(emulator(), req, res, protocol, budget).catch(() => internalError(res));
  };
}

export interface Listening {
  server: Server;
  url: string;
  port: number;
}

/** A listener could not bind: which one (HTTP or HTTPS), so the caller can name the setting that chose its port. */
export class ListenFailed extends Error {
  readonly code: string | undefined;
  constructor(
    readonly scheme: 'http' | 'https',
    cause: NodeJS.ErrnoException,
  ) {
    super(cause.message, { cause });
    this.code = cause.code;
  }
}

async function listen(server: Server, host: string, port: number, scheme: 'http' | 'https'): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) => reject(new ListenFailed(scheme, e));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { server, port: addr.port, url: `${scheme}://${shownHost}:${addr.port}` };
}

/** Requests that ask to `Expect: 100-continue` reach the same listener, which sends the 100 once it has admitted them. */
function serveOn(server: Server, handler: ReturnType<typeof listener>): Server {
  server.on('request', handler);
  server.on('checkContinue', handler);
  return server;
}

export async function startHttp(emulator: () => Emulator, host: string, port: number, budget = new BodyBudget()): Promise<Listening> {
  const server = serveOn(createHttpServer({ keepAliveTimeout: 5000 }), listener(emulator, 'http', budget));
  return listen(server, host, port, 'http');
}

export async function startHttps(emulator: () => Emulator, host: string, port: number, tls: { key: string; cert: string }, budget = new BodyBudget()): Promise<Listening> {
  const server = serveOn(createHttpsServer({ key: tls.key, cert: tls.cert }), listener(emulator, 'https', budget));
  return listen(server, host, port, 'https') as Promise<Listening>;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
