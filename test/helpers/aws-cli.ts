/**
 * Test helper: runs Debian's AWS CLI v2 (/usr/bin/aws, never `aws` from PATH) with an environment that holds only
 * the credentials under test, so no user config, profile, credential file or instance metadata leaks in.
 * Errors are parsed from the CLI's own stderr line: "An error occurred (<Code>) when calling the <Op> operation: <message>".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AWS_CLI = '/usr/bin/aws';

export interface CliCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliError {
  code: string;
  operation: string;
  message: string;
}

const home = mkdtempSync(join(tmpdir(), 'xacct-aws-cli-home-'));

/** The isolated environment: PATH and a throwaway HOME, the CLI's config files pointed at nothing, no IMDS. */
export function isolatedEnv(creds: CliCredentials, region = 'us-east-1', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    ...extra,
  };
  if (creds.sessionToken) env['AWS_SESSION_TOKEN'] = creds.sessionToken;
  return env;
}

export function aws(endpoint: string, creds: CliCredentials, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      ['--endpoint-url', endpoint, '--output', 'json', ...args],
      { env: isolatedEnv(creds, 'us-east-1', extraEnv), timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs a CLI command that must succeed and returns its parsed JSON output. */
export async function awsJson<T = Record<string, unknown>>(endpoint: string, creds: CliCredentials, args: string[]): Promise<T> {
  const r = await aws(endpoint, creds, args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
}

/** Runs a CLI command that must fail and returns the error the CLI printed. */
export async function awsFailure(endpoint: string, creds: CliCredentials, args: string[]): Promise<CliError & { exitCode: number }> {
  const r = await aws(endpoint, creds, args);
  if (r.code === 0) throw new Error(`aws ${args.join(' ')} succeeded but was expected to fail: ${r.stdout}`);
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)$/m.exec(r.stderr);
  if (!m) throw new Error(`aws ${args.join(' ')} failed without an AWS error line (${r.code}): ${r.stderr}`);
  return { exitCode: r.code, code: m[1]!, operation: m[2]!, message: m[3]! };
}
