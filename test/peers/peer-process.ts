/**
 * Test and bench helper: starts the peers xacct is measured against (issue 22) as child processes on a free loopback
 * port, the way their own developers run them on a host, waits until they serve, resets them between scenarios and
 * stops them.
 * - LocalStack Community: `python -m localstack.runtime.main` from the localstack-core package
 *   (https://github.com/localstack/localstack, "Running LocalStack on the host"), listening where GATEWAY_LISTEN
 *   says (https://docs.localstack.cloud/references/configuration/); ready when GET /_localstack/health answers 200;
 *   Community has no state reset (/_localstack/state/reset is LocalStack Pro's), so reset() restarts it.
 * - moto: `moto_server -p PORT` (https://docs.getmoto.org/en/latest/docs/server_mode.html); ready when
 *   GET /moto-api/ answers; reset with POST /moto-api/reset (same page, "Reset API").
 * Both come from .venv-peers (`npm run peers:install`); when they are missing, `peersMissing()` says what to run,
 * and the tests fail with that message rather than skipping.
 * Not an AWS behaviour.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const PEERS_VENV = join(REPO, '.venv-peers');
const PYTHON = join(PEERS_VENV, 'localstack/bin/python');
const MOTO_SERVER = join(PEERS_VENV, 'moto/bin/moto_server');

export type PeerName = 'localstack' | 'moto';

/** The pinned version of a peer's package, read from requirements-localstack.txt or requirements-moto.txt. */
export function pinnedVersion(pkg: 'localstack-core' | 'moto'): string {
  const file = pkg === 'moto' ? 'requirements-moto.txt' : 'requirements-localstack.txt';
  const text = readFileSync(join(REPO, file), 'utf8');
  const m = new RegExp(`^${pkg}(?:\\[[^\\]]*\\])?==(\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`${file} pins no ${pkg}`);
  return m[1]!;
}

/** Why the peers (or the one named) cannot start, with what to run; undefined when installed. */
export function peersMissing(only?: PeerName): string | undefined {
  // scripts/peers-install.sh writes the stamp once pip has installed every pin of the venv.
  const installed = (venv: string, program: string) => existsSync(join(PEERS_VENV, venv, '.requirements.sha256')) && existsSync(program);
  const missing = [
    only === 'moto' || installed('localstack', PYTHON) ? undefined : 'localstack-core',
    only === 'localstack' || installed('moto', MOTO_SERVER) ? undefined : 'moto[server]',
  ].filter(Boolean);
  if (missing.length === 0) return undefined;
  return `the peers are not installed (${missing.join(', ')} missing from .venv-peers/): run \`npm run peers:install\` first`;
}

/** A port the kernel just handed out on 127.0.0.1 (free at the time of asking). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PeerProcess {
  name: PeerName;
  endpoint: string;
  child: ChildProcess;
  /** Milliseconds from spawning the process to its first ready answer. */
  readyMs: number;
  /** Everything it printed (stdout and stderr interleaved). */
  output(): string;
  /**
   * Empties it of every resource (between scenarios): moto through its reset API; LocalStack Community has none
   * (its /_localstack/state/reset is Pro's), so it is restarted on the same port, a fresh process.
   */
  reset(): Promise<void>;
  /** Resident set size of the process, in MiB (from /proc). */
  rssMiB(): number;
  stop(): Promise<void>;
}

async function answers(url: string, ok: (status: number) => boolean): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return ok(res.status);
  } catch {
    return false;
  }
}

/** Resident set size of a process in MiB, its children included (LocalStack's runtime may fork). */
export function rssOfTree(pid: number): number {
  const kib = (p: number): number => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const own = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      return own + children.reduce((sum, c) => sum + kib(c), 0);
    } catch {
      return 0;
    }
  };
  return kib(pid) / 1024;
}

export interface StartOptions {
  /** Extra environment (e.g. moto's INITIAL_NO_AUTH_ACTION_COUNT). */
  env?: Record<string, string>;
  /** The loopback port (default: a free one). */
  port?: number;
  timeoutMs?: number;
}

export async function startPeer(name: PeerName, o: StartOptions = {}): Promise<PeerProcess> {
  const why = peersMissing(name);
  if (why) throw new Error(why);
  const port = o.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), `xacct-${name}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  // Never the caller's AWS identity: the peers take any key, and xacct's tests use account ids as keys.
  for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[k];
  let child: ChildProcess;
  let healthPath: string;
  let resetPath: string;
  if (name === 'localstack') {
    Object.assign(env, {
      GATEWAY_LISTEN: `127.0.0.1:${port}`,
      // Its state and cache in a temporary directory, never the user's; no telemetry.
      FILESYSTEM_ROOT: home,
      LOCALSTACK_VOLUME_DIR: join(home, 'volume'),
      DISABLE_EVENTS: '1',
      SKIP_SSL_CERT_DOWNLOAD: '1',
      // Services load on first use by default, and the first request to S3 then takes over 10 s on a busy machine;
      // loaded at start instead, they count in the time to ready. The Community services the scenarios call.
      EAGER_SERVICE_LOADING: '1',
      SERVICES: 's3,sts,iam,kms,cloudformation,ssm,sns,logs,events,lambda',
      ...o.env,
    });
    child = spawn(PYTHON, ['-m', 'localstack.runtime.main'], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    healthPath = '/_localstack/health';
    resetPath = '/_localstack/state/reset';
  } else {
    child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    healthPath = '/moto-api/';
    resetPath = '/moto-api/reset';
  }
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = performance.now();
  const deadline = started + (o.timeoutMs ?? 120_000);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(home, { recursive: true, force: true });
  };
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} exited (${child.exitCode}) before it was ready; it printed:\n${out}`);
    }
    if (await answers(endpoint + healthPath, (s) => s === 200)) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready at ${endpoint} within ${o.timeoutMs ?? 120_000} ms; it printed:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - started;
  return {
    name,
    endpoint,
    child,
    readyMs,
    output: () => out,
    async reset() {
      if (name === 'localstack') {
        await this.stop();
        const fresh = await startPeer(name, { ...o, port });
        Object.assign(this, { child: fresh.child, readyMs: fresh.readyMs, output: fresh.output, rssMiB: fresh.rssMiB, stop: fresh.stop });
        return;
      }
      const res = await fetch(endpoint + resetPath, { method: 'POST' });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`POST ${resetPath} on ${name} answered ${res.status}`);
    },
    rssMiB: () => rssOfTree(child.pid!),
    stop,
  } satisfies PeerProcess;
}
