/**
 * A small JSON client for xacct's admin endpoints (/_xacct/…), over HTTP or HTTPS with a CA to trust.
 * Not an AWS protocol: the admin endpoints are xacct's own. TLS is always verified; a self-signed emulator
 * certificate is trusted by passing its CA, never by turning verification off. A request carries the server's
 * admin token, or is SigV4-signed (service `xacct`, by @smithy/signature-v4 as the SDKs sign) with an account
 * root's keys; see harness/core/admin/guard.ts for what the server checks.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type Agent } from 'node:https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ADMIN_SIGNING_SERVICE, ADMIN_TOKEN_HEADER } from '../../core/admin/guard.js';

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
  /** How the request proves who sends it: the admin token, or keys to sign it with. */
  auth?: AdminAuth;
}

export type AdminAuth = { token: string } | { sign: { accessKeyId: string; secretAccessKey: string; region: string } };

async function authHeaders(u: URL, method: string, headers: Record<string, string>, payload: Buffer | undefined, auth: AdminAuth): Promise<Record<string, string>> {
  if ('token' in auth) return { ...headers, [ADMIN_TOKEN_HEADER]: auth.token };
  const { accessKeyId, secretAccessKey, region } = auth.sign;
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region, service: ADMIN_SIGNING_SERVICE, sha256: Sha256 });
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  const signed = await signer.sign(
    new HttpRequest({ method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port) || undefined, path: u.pathname, query, headers: { ...headers, host: u.host }, body: payload }),
  );
  return signed.headers;
}

export class EndpointUnreachable extends Error {}

export async function requestJson(url: string, o: JsonRequestOptions = {}): Promise<JsonResponse> {
  const u = new URL(url);
  const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
  let headers: Record<string, string> = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (o.auth) headers = await authHeaders(u, o.method ?? 'GET', headers, payload, o.auth);
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
