/**
 * The transport-neutral request and response that every transport hands to `handle()`.
 * Both the in-process SDK requestHandler and the node:http(s) server build an XRequest, so a request takes
 * exactly the same path whichever way it arrived.
 */
import type { Readable } from 'node:stream';

export interface XRequest {
  method: string;
  /** Scheme the request arrived over; drives aws:SecureTransport. */
  protocol: 'http' | 'https';
  /** Host header value without the port. */
  hostname: string;
  port?: number;
  /** Path exactly as sent on the wire (percent-encoded), without the query string. */
  path: string;
  /** Query string exactly as sent, without the leading `?`. */
  rawQuery: string;
  /** Header names lower-cased, in a null-prototype record (build it with `headerRecord`). */
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string;
}

export interface XResponse {
  status: number;
  headers: Record<string, string>;
  /** A stream for large payloads (a decrypted S3 object), so the transport writes it without another full copy. */
  body: Buffer | string | Readable;
}

/** Decoded query parameters in order, with repeated keys kept. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decodeComponent(key), decodeComponent(value)];
    });
}

export function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

/**
 * The headers record of an XRequest, built by every transport: names lower-cased, repeated names joined with `,`
 * (RFC 9110 §5.3), arrays joined the same way, absent values skipped. The record has no prototype, so a header
 * named `__proto__` or `constructor` is an ordinary entry and a missing header never reads an inherited value.
 */
export function headerRecord(entries: Iterable<readonly [string, string | readonly string[] | undefined]>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const k = name.toLowerCase();
    const v = typeof value === 'string' ? value : value.join(',');
    out[k] = Object.hasOwn(out, k) ? `${out[k]},${v}` : v;
  }
  return out;
}
