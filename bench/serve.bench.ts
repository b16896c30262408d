/**
 * Issue 2's performance targets, measured in one run:
 * - `xacct serve` time to ready (spawn -> "xacct ready" line), median of several runs, and where that time goes
 *   (bare node start, loading the CLI, the rest up to listening). Target: < 300 ms.
 * - An authorized sts:GetCallerIdentity over HTTP next to a bare node:http echo server, both driven by the same raw
 *   keep-alive client sending the same signed bytes, so the ratio is the emulator's own cost. Target: <= 3x echo.
 * - The same call through the SDK, over HTTP and in-process (for reference).
 * Run alone: `node --import tsx bench/serve.bench.ts`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startEmulator } from '../harness/index.js';
import { baseRequest, signer } from '../test/helpers/signed-request.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const CALLS = 2000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const ms = (x: number) => Number(x.toFixed(1));
const us = (x: number) => Number((x * 1000).toFixed(0));

/** Wall time from spawn until `until(stdout)` is true (or the process exits), in ms. */
function timeProcess(args: string[], until?: (out: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let done = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!done && until?.(out)) {
        done = true;
        const t = performance.now() - t0;
        child.once('exit', () => resolve(t));
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (done) return;
      if (until) reject(new Error(`${args.join(' ')} exited (${code}) before it was ready`));
      else resolve(performance.now() - t0);
    });
  });
}

async function medianOf(runs: number, f: () => Promise<number>): Promise<number> {
  await f();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await f());
  return median(xs);
}

async function startupBreakdown(): Promise<{ serveReadyMedianMs: number } & Record<string, number | string>> {
  const compiled = existsSync(join(REPO, 'dist', '.build-stamp'));
  const node = await medianOf(RUNS, () => timeProcess(['-e', '0']));
  const cli = await medianOf(RUNS, () => timeProcess(['bin/xacct.js', '--help']));
  const ready = await medianOf(RUNS, () => timeProcess(['bin/xacct.js', 'serve', '--port', '0'], (out) => /^xacct ready /m.test(out)));
  return {
    serveReadyMedianMs: ms(ready),
    'runs from': compiled ? 'dist/ (compiled by npm ci; the sources through tsx when a source is newer)' : 'the sources through tsx (no dist/: run npm run build)',
    'breakdown.nodeStartMs': ms(node),
    'breakdown.cliLoadMs (bin, freshness check, main + commander)': ms(cli - node),
    'breakdown.serveToReadyMs (emulator core, listen)': ms(ready - cli),
  };
}

/** Sequential latency (ms per call) of `call`, after a warm-up. */
async function latency(call: () => Promise<unknown>, n = CALLS): Promise<number[]> {
  for (let i = 0; i < 200; i++) await call();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    xs.push(performance.now() - t0);
  }
  return xs;
}

function rawPost(agent: Agent, port: number, headers: Record<string, string>, body: string): () => Promise<number> {
  return () =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
}

async function httpVersusEcho(): Promise<Record<string, unknown>> {
  await using emu = await startEmulator({ transport: 'http' });
  const echo = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoPort = (echo.address() as AddressInfo).port;
  const emuPort = Number(new URL(emu.endpoint).port);

  const signed = await signer({ accessKeyId: '111111111111', secretAccessKey: 'test' }).sign(
    baseRequest(emu, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' }),
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  const body = signed.body as string;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const callEmu = rawPost(agent, emuPort, headers, body);
  if ((await callEmu()) !== 200) throw new Error('the signed GetCallerIdentity was not accepted');
  const callEcho = rawPost(agent, echoPort, { ...headers, host: `127.0.0.1:${echoPort}` }, body);

  // Interleave rounds so drift (GC, CPU frequency) hits both sides alike.
  const emuTimes: number[] = [];
  const echoTimes: number[] = [];
  for (let round = 0; round < 4; round++) {
    echoTimes.push(...(await latency(callEcho, CALLS / 4)));
    emuTimes.push(...(await latency(callEmu, CALLS / 4)));
  }
  const sdkHttp = new STSClient(emu.clientConfig('111111111111'));
  const sdkHttpTimes = await latency(() => sdkHttp.send(new GetCallerIdentityCommand({})), 1000);
  agent.destroy();
  await new Promise<void>((resolve) => echo.close(() => resolve()));

  await using inProc = await startEmulator({ transport: 'in-process' });
  const sdkInProc = new STSClient(inProc.clientConfig('111111111111'));
  const inProcTimes = await latency(() => sdkInProc.send(new GetCallerIdentityCommand({})), 1000);
  const handleTimes = await latency(async () => {
    const res = await inProc.emulator.handle({
      method: 'POST',
      protocol: 'https',
      hostname: '127.0.0.1',
      port: emuPort,
      path: '/',
      rawQuery: '',
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      body: Buffer.from(body),
      sourceIp: '127.0.0.1',
    });
    if (res.status !== 200) throw new Error(`handle() answered ${res.status}`);
  });

  const ratio = median(emuTimes) / median(echoTimes);
  return {
    'http.getCallerIdentityMedianUs': us(median(emuTimes)),
    'http.getCallerIdentityP95Us': us(percentile(emuTimes, 95)),
    'http.bareEchoMedianUs': us(median(echoTimes)),
    'http.bareEchoP95Us': us(percentile(echoTimes, 95)),
    'http.ratioToEcho': Number(ratio.toFixed(2)),
    'http.target': '<= 3x echo',
    'http.meetsTarget': ratio <= 3,
    'sdk.httpMedianUs (STSClient.send, signing included)': us(median(sdkHttpTimes)),
    'sdk.inProcessMedianUs (STSClient.send, no socket)': us(median(inProcTimes)),
    'core.handleMedianUs (Emulator.handle, same signed bytes)': us(median(handleTimes)),
  };
}

export async function benchServe(): Promise<Record<string, unknown>> {
  const startup = await startupBreakdown();
  const latencies = await httpVersusEcho();
  return {
    benchmark: '`xacct serve` time to ready; authorized sts:GetCallerIdentity over HTTP vs a bare node:http echo, and in-process',
    ...startup,
    'serveReady.target': '< 300 ms',
    'serveReady.meetsTarget': startup.serveReadyMedianMs < 300,
    ...latencies,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchServe(), null, 2));
}
