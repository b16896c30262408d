/**
 * Test support: an HTTP emulator with one S3 bucket, and the AWS CLI (and python3's boto3) pointed at it as account
 * 111111111111, with no configuration of the machine's own (a temporary HOME, no config or credentials files).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator } from '../../index.js';

export const run = promisify(execFile);

export interface CliSession {
  emu: RunningEmulator;
  dir: string;
  env: NodeJS.ProcessEnv;
  aws(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  dispose(): Promise<void>;
}

export async function cliSession(bucket: string): Promise<CliSession> {
  const emu = await startEmulator({ transport: 'http' });
  const dir = mkdtempSync(join(tmpdir(), 'xacct-s3-cli-'));
  const env = {
    PATH: process.env['PATH'],
    HOME: dir,
    AWS_ACCESS_KEY_ID: '111111111111',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
  };
  const aws = (...args: string[]) => run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  await aws('s3api', 'create-bucket', '--bucket', bucket);
  return {
    emu,
    dir,
    env,
    aws,
    async dispose() {
      await emu.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
