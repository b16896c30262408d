/**
 * A small JSON client for xacct's admin endpoints (/_xacct/…), over HTTP or HTTPS with a CA to trust.
 * Not an AWS protocol: the admin endpoints are xacct's own. TLS is always verified; a self-signed emulator
 * certificate is trusted by passing its CA, never by turning verification off.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type Agent } from 'node:https';

export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The raw body, for answers that are not JSON (another emulator's 404 page or XML error). */
  text: string;
}

export interface JsonRequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** The agent for https: URLs (carries the CA to trust). */
  httpsAgent?: Agent;
  timeoutMs?: number;
}

export class EndpointUnreachable extends Error {}

export function requestJson(url: string, o: JsonRequestOptions = {}): Promise<JsonResponse> {
  const u = new URL(url);
  const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(u, { method: o.method ?? 'GET', headers, ...(u.protocol === 'https:' && o.httpsAgent ? { agent: o.httpsAgent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new EndpointUnreachable(`no answer from ${u.origin} within ${o.timeoutMs ?? 10_000} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof EndpointUnreachable) reject(e);
      else reject(new EndpointUnreachable(`cannot reach ${u.origin}: ${e.code ?? ''}${e.code ? ' ' : ''}${e.message}`.trim()));
    });
    req.end(payload);
  });
}
