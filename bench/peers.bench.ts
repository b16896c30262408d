/**
 * Issue 22: xacct serve, LocalStack on the host and moto server side by side, measured in one run on this machine
 * (`npm run bench -- peers`; the peers come from `npm run peers:install`, and without them this fails saying so):
 * - time from spawn to ready (xacct: its "xacct ready" line; LocalStack: /_localstack/health answers 200 with its
 *   services loaded at start; moto: /moto-api/ answers);
 * - an authorized sts:GetCallerIdentity over HTTP through the SDK (median of CALLS sequential calls);
 * - an S3 put and get of 1 MiB encrypted with SSE-KMS under a customer managed key (median of ROUNDS);
 * - the positive hand-off scenarios' wall time through the endpoint backend (xacct serve over HTTPS trusting its CA,
 *   the peers over HTTP, emptied between scenarios by their reset APIs);
 * - resident memory of the server process (and its children) after all of that.
 * Each as a ratio to xacct's (above 1: slower or bigger than xacct). A peer that fails a measurement shows why.
 */
import { readFileSync } from 'node:fs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { endpointBackend } from '../harness/runner/backends/endpoint.js';
import { startServe } from '../test/helpers/serve-process.js';
import { peerBackend } from '../test/peers/peer-backend.js';
import { peersMissing, rssOfTree, startPeer } from '../test/peers/peer-process.js';
import { bundledScenarios, positive, runOnPeer } from '../test/peers/summary.js';
import type { Backend } from '../harness/runner/backends/backend.js';

const CALLS = 200;
const ROUNDS = 10;
const ACCOUNT = '111111111111';

interface Measured {
  readyMs: number;
  stsMs?: number;
  kmsPutGetMs?: number;
  scenariosMs?: number;
  scenariosPassed?: string;
  rssMiB?: number;
  errors: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function measureCalls(endpoint: string, m: Measured): Promise<void> {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' }, forcePathStyle: true, maxAttempts: 1 };
  try {
    const sts = new STSClient(config);
    for (let i = 0; i < 10; i++) await sts.send(new GetCallerIdentityCommand({}));
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) times.push(await timed(() => sts.send(new GetCallerIdentityCommand({}))));
    m.stsMs = median(times);
  } catch (e) {
    m.errors.push(`sts:GetCallerIdentity: ${(e as Error).message}`);
  }
  try {
    const kms = new KMSClient(config);
    const s3 = new S3Client(config);
    const key = await kms.send(new CreateKeyCommand({ Description: 'bench' }));
    const bucket = `bench-peers-${Date.now()}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const body = Buffer.alloc(1024 * 1024, 7);
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      times.push(
        await timed(async () => {
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `o${i}`, Body: body, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.KeyMetadata!.Arn! }));
          const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `o${i}` }));
          const bytes = await got.Body!.transformToByteArray();
          if (bytes.length !== body.length) throw new Error(`got ${bytes.length} bytes back`);
        }),
      );
    }
    m.kmsPutGetMs = median(times);
  } catch (e) {
    m.errors.push(`SSE-KMS put/get: ${(e as Error).message}`);
  }
}

async function measureScenarios(backend: Backend, m: Measured): Promise<void> {
  try {
    const loaded = await bundledScenarios(positive);
    const t = performance.now();
    const s = await runOnPeer(loaded, backend);
    m.scenariosMs = performance.now() - t;
    m.scenariosPassed = `${s.passed.length}/${s.total}`;
  } catch (e) {
    m.errors.push(`scenarios: ${(e as Error).message}`);
  } finally {
    await backend.close();
  }
}

async function benchXacct(): Promise<Measured> {
  const t = performance.now();
  const serve = await startServe(['--port', '0', '--https-port', '0'], 2);
  const m: Measured = { readyMs: performance.now() - t, errors: [] };
  try {
    await measureCalls(serve.endpoint, m);
    await measureScenarios(await endpointBackend({ endpoint: serve.httpsEndpoint!, ca: readFileSync(serve.caFile!, 'utf8') }), m);
    m.rssMiB = rssOfTree(serve.child.pid!);
  } finally {
    await serve.stop();
  }
  return m;
}

async function benchPeer(name: 'localstack' | 'moto'): Promise<Measured> {
  const peer = await startPeer(name);
  const m: Measured = { readyMs: peer.readyMs, errors: [] };
  try {
    await measureCalls(peer.endpoint, m);
    await peer.reset();
    await measureScenarios(await peerBackend(peer), m);
    m.rssMiB = peer.rssMiB();
  } finally {
    await peer.stop();
  }
  return m;
}

const ratio = (x: number | undefined, base: number | undefined) => (x === undefined || base === undefined ? 'n/a' : `${(x / base).toFixed(1)}x`);
const num = (x: number | undefined, digits = 1) => (x === undefined ? 'failed' : Number(x.toFixed(digits)));

export async function benchPeers(): Promise<Record<string, unknown>> {
  const missing = peersMissing();
  if (missing) throw new Error(missing);
  const x = await benchXacct();
  const peers = { localstack: await benchPeer('localstack'), moto: await benchPeer('moto') };
  const out: Record<string, unknown> = {
    'xacct ready ms': num(x.readyMs),
    'xacct sts:GetCallerIdentity ms': num(x.stsMs, 2),
    'xacct SSE-KMS 1 MiB put+get ms': num(x.kmsPutGetMs, 2),
    'xacct positive scenarios ms': num(x.scenariosMs, 0),
    'xacct positive scenarios passed': x.scenariosPassed ?? 'failed',
    'xacct RSS MiB': num(x.rssMiB, 0),
  };
  for (const [name, m] of Object.entries(peers)) {
    out[`${name} ready ms (ratio)`] = `${num(m.readyMs)} (${ratio(m.readyMs, x.readyMs)})`;
    out[`${name} sts:GetCallerIdentity ms (ratio)`] = `${num(m.stsMs, 2)} (${ratio(m.stsMs, x.stsMs)})`;
    out[`${name} SSE-KMS 1 MiB put+get ms (ratio)`] = `${num(m.kmsPutGetMs, 2)} (${ratio(m.kmsPutGetMs, x.kmsPutGetMs)})`;
    out[`${name} positive scenarios ms (ratio)`] = `${num(m.scenariosMs, 0)} (${ratio(m.scenariosMs, x.scenariosMs)})`;
    out[`${name} positive scenarios passed`] = m.scenariosPassed ?? 'failed';
    out[`${name} RSS MiB (ratio)`] = `${num(m.rssMiB, 0)} (${ratio(m.rssMiB, x.rssMiB)})`;
    for (const [i, e] of m.errors.entries()) out[`${name} error ${i + 1}`] = e.split('\n')[0];
  }
  for (const [i, e] of x.errors.entries()) out[`xacct error ${i + 1}`] = e.split('\n')[0];
  return out;
}
