/**
 * Test helper: runs `xacct serve` as a child process exactly as a user would (`node bin/xacct.js serve …`) and
 * reads what it prints: the `xacct ready <endpoint>` line, the HTTPS/CA line, one export line per account and the
 * admin token's export line.
 * Not an AWS behaviour; it exists so the CLI, the AWS CLI and boto3 tests talk to a real server process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  endpoint: string;
  httpsEndpoint?: string;
  caFile?: string;
  /** The admin token it printed (`export XACCT_ADMIN_TOKEN=…`). */
  adminToken: string;
  /** Every stdout line printed up to and including the last export line. */
  lines: string[];
  stderr(): string;
  /** Sends SIGINT and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `xacct <args>` to completion (for commands that must fail fast). */
export function runXacct(args: string[], timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/xacct.js', ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`xacct ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `xacct serve <args>` and waits until it has printed the ready line, `accounts` export lines and the admin token. */
export function startServe(args: string[], accounts: number, timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/xacct.js', 'serve', ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`xacct serve printed no ready line within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`xacct serve exited early (${code}); stdout: ${out}; stderr: ${err}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n').filter((l) => l.length > 0);
      const exports = lines.filter((l) => l.startsWith('export AWS_'));
      const token = lines.map((l) => /^export XACCT_ADMIN_TOKEN=(\S+)$/.exec(l)).find((m) => m);
      if (!out.endsWith('\n') || exports.length < accounts || !token) return;
      clearTimeout(timer);
      const ready = /^xacct ready (\S+)$/.exec(lines[0] ?? '');
      if (!ready) {
        reject(new Error(`first line is not "xacct ready <endpoint>": ${lines[0]}`));
        return;
      }
      const https = lines.map((l) => /^# https: (\S+) \(trust (\S+?):/.exec(l)).find((m) => m);
      resolve({
        child,
        endpoint: ready[1]!,
        httpsEndpoint: https?.[1],
        caFile: https?.[2],
        adminToken: token[1]!,
        lines,
        stderr: () => err,
        async stop() {
          if (child.exitCode !== null) return child.exitCode;
          child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}
