/**
 * The JSON 1.0 wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an HTTP
 * emulator: create-connection, get-connection, list-connections, delete-connection, and get-connection of a deleted
 * connection refused with ResourceNotFoundException (its message is the SDK model's description of the error; no
 * recorded response exists, errors.ts says so).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';

const run = promisify(execFile);
const A = '111111111111';

describe('CodeStar connections with /usr/bin/aws', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  const aws = (...args: string[]) =>
    run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', 'codestar-connections', ...args], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        AWS_ACCESS_KEY_ID: A,
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/xacct-aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/xacct-aws-credentials',
        AWS_PAGER: '',
      },
    });

  it('creates, reads and lists a connection', async () => {
    const { ConnectionArn } = JSON.parse((await aws('create-connection', '--connection-name', 'cli', '--provider-type', 'GitLab')).stdout);
    expect(ConnectionArn).toMatch(new RegExp(`^arn:aws:codestar-connections:us-east-1:${A}:connection/[0-9a-f-]{36}$`));
    const got = JSON.parse((await aws('get-connection', '--connection-arn', ConnectionArn)).stdout);
    expect(got.Connection).toEqual({ ConnectionName: 'cli', ConnectionArn, ProviderType: 'GitLab', OwnerAccountId: A, ConnectionStatus: 'AVAILABLE' });
    const listed = JSON.parse((await aws('list-connections', '--provider-type-filter', 'GitLab')).stdout);
    expect(listed.Connections.map((c: { ConnectionArn: string }) => c.ConnectionArn)).toEqual([ConnectionArn]);
  });

  it('refuses a deleted connection with ResourceNotFoundException', async () => {
    const { ConnectionArn } = JSON.parse((await aws('create-connection', '--connection-name', 'gone', '--provider-type', 'GitHub')).stdout);
    await aws('delete-connection', '--connection-arn', ConnectionArn);
    const err = await aws('get-connection', '--connection-arn', ConnectionArn).then(
      () => undefined,
      (e: { stderr: string; code: number }) => e,
    );
    expect(err?.code).toBe(254);
    expect(err?.stderr.trim()).toBe(
      'An error occurred (ResourceNotFoundException) when calling the GetConnection operation: Resource not found. Verify the connection resource ARN and try again.',
    );
  });
});
