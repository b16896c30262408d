/**
 * Test helper: sends a request signed by @smithy/signature-v4 (the SDKs' own signer) to an emulator, over the
 * in-process handler or over a real socket, and returns status, headers and body text. Lets SigV4 tests tamper
 * with a request after signing it, which an SDK client never would.
 */
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import type { HttpRequest as AnyHttpRequest } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RunningEmulator } from '../../harness/index.js';
import { InProcessHandler } from '../../harness/transport/in-process.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SignerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export function signer(credentials: SignerCredentials, service = 'sts', region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({ credentials, region, service, sha256: Sha256 });
}

/** A request aimed at the emulator's endpoint (the in-process transport uses a notional one). */
export function baseRequest(emu: RunningEmulator, init: { method: string; path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string }): HttpRequest {
  const url = new URL(emu.endpoint);
  const headers: Record<string, string> = { host: url.host, ...(init.headers ?? {}) };
  return new HttpRequest({
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port) || undefined,
    method: init.method,
    path: init.path ?? '/',
    query: init.query ?? {},
    headers,
    body: init.body,
  });
}

async function text(body: unknown): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body as Readable) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

export async function send(emu: RunningEmulator, transport: 'in-process' | 'http', req: AnyHttpRequest): Promise<RawResponse> {
  if (transport === 'in-process') {
    const { response } = await new InProcessHandler(() => emu.emulator, 'https').handle(new HttpRequest(req));
    return { status: response.statusCode, headers: response.headers, body: await text(response.body) };
  }
  const query = Object.entries(req.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: req.hostname, port: req.port, method: req.method, path: `${req.path}${query ? `?${query}` : ''}`, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    r.on('error', reject);
    r.end(req.body as string | undefined);
  });
}

/** Code and message of a query-protocol (XML) error body. */
export function xmlError(body: string): { code: string; message: string } {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '';
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? '';
  return { code, message: message.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') };
}

export function xmlValue(body: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body)?.[1];
}
