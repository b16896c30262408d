/**
 * S3 benchmark (not a test): PutObject + GetObject of SSE-KMS objects (1 KiB and 10 MiB) against the emulator over
 * HTTP, each as a ratio to a bare node:http server that stores and returns the same bytes, measured in the same
 * run with the same raw node:http client (SigV4 header signature, UNSIGNED-PAYLOAD as the AWS CLI sends over TLS).
 * The same pairs through @aws-sdk/client-s3 are reported too (the SDK hashes and CRCs the payload client-side).
 * Peak memory: RSS growth of this process while a 100 MB SSE-KMS object is put and read back (the response is
 * counted, not kept), compared with the object's size.
 * Run alone: node --import tsx bench/s3.bench.ts
 */
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac, randomBytes, type Hash, type Hmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutBucketEncryptionCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startEmulator } from '../harness/index.js';

const ACCOUNT = '111111111111';
const BUCKET = 'bench-bucket';

interface Target {
  host: string;
  port: number;
  sign: boolean;
}

function bareServer(): Promise<Server> {
  const objects = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT') {
        objects.set(req.url ?? '', Buffer.concat(chunks));
        res.writeHead(200, { 'content-length': '0' });
        res.end();
        return;
      }
      const body = objects.get(req.url ?? '');
      if (!body) {
        res.writeHead(404, { 'content-length': '0' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** SHA-256 on node:crypto, so the client's signing costs what a native SDK's would (the pure-JS hash is slower). */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | Uint8Array) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.h.digest();
  }
  reset(): void {}
}

const signer = new SignatureV4({ credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' }, region: 'us-east-1', service: 's3', sha256: NodeSha256 as never, uriEscapePath: false });

async function send(target: Target, method: 'PUT' | 'GET', path: string, body?: Buffer): Promise<number> {
  let headers: Record<string, string> = { host: `${target.host}:${target.port}`, 'content-length': String(body?.length ?? 0) };
  if (target.sign) {
    headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    if (method === 'PUT') headers['x-amz-server-side-encryption'] = 'aws:kms';
    const signed = await signer.sign(new HttpRequest({ method, protocol: 'http:', hostname: target.host, port: target.port, path, headers }));
    headers = signed.headers as Record<string, string>;
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: target.host, port: target.port, method, path, headers, agent: keepAlive }, (res: IncomingMessage) => {
      let size = 0;
      res.on('data', (c: Buffer) => (size += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(size) : reject(new Error(`${method} ${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timePairs(iterations: number, pair: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.min(3, iterations); i++) await pair(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await pair(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

async function peakRssDuring(work: () => Promise<void>): Promise<{ baseline: number; peak: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { baseline, peak };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function benchS3(): Promise<Record<string, unknown>> {
  await using emu = await startEmulator({ transport: 'http' });
  const bare = await bareServer();
  try {
    const url = new URL(emu.endpoint);
    const emuTarget: Target = { host: url.hostname, port: Number(url.port), sign: true };
    const bareTarget: Target = { host: '127.0.0.1', port: (bare.address() as AddressInfo).port, sign: false };
    const s3 = new S3Client(emu.clientConfig(ACCOUNT));
    const kms = new KMSClient(emu.clientConfig(ACCOUNT));
    const keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketEncryptionCommand({ Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] } }),
    );

    const results: Record<string, unknown> = {};
    for (const [label, size, iterations] of [
      ['1KiB', 1024, 300],
      ['10MiB', 10 * 1024 * 1024, 20],
    ] as const) {
      const payload = randomBytes(size);
      const pair = (target: Target) => async (i: number) => {
        const path = `/${BUCKET}/obj-${label}-${i % 4}`;
        await send(target, 'PUT', path, payload);
        const got = await send(target, 'GET', path);
        if (got !== size) throw new Error(`expected ${size} bytes, got ${got}`);
      };
      const bareMs = await timePairs(iterations, pair(bareTarget));
      const emuMs = await timePairs(iterations, pair(emuTarget));
      const sdkMs = await timePairs(iterations, async (i) => {
        const Key = `sdk-${label}-${i % 4}`;
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: payload }));
        const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
        await out.Body!.transformToByteArray();
      });
      results[`put_get_${label}_sse_kms`] = {
        bare_ms: round(bareMs),
        emulator_ms: round(emuMs),
        ratio: round(emuMs / bareMs),
        target_ratio: label === '1KiB' ? 3 : 1.5,
        sdk_ms: round(sdkMs),
        sdk_ratio: round(sdkMs / bareMs),
      };
    }

    const big = 100 * 1024 * 1024;
    let payload: Buffer | undefined = randomBytes(big);
    const mem = await peakRssDuring(async () => {
      await send(emuTarget, 'PUT', `/${BUCKET}/hundred-mb`, payload);
      payload = undefined;
      const got = await send(emuTarget, 'GET', `/${BUCKET}/hundred-mb`);
      if (got !== big) throw new Error(`expected ${big} bytes, got ${got}`);
    });
    results['peak_memory_100MB_sse_kms'] = {
      object_mb: 100,
      rss_growth_mb: round((mem.peak - mem.baseline) / 1024 / 1024, 1),
      times_object_size: round((mem.peak - mem.baseline) / big),
      target_times: 3,
      note: 'growth of this process (emulator and client together) over its RSS with the 100 MB payload already allocated',
    };
    return results;
  } finally {
    keepAlive.destroy();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchS3(), null, 2));
}
