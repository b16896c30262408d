/**
 * The JSON 1.0 wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an HTTP
 * emulator, with botocore's fully qualified target (service.ts): create-connection, get-connection,
 * list-connections, delete-connection, and get-connection of a deleted connection refused with
 * ResourceNotFoundException (its message is the SDK model's description of the error; no recorded response exists,
 * errors.ts says so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure, awsJson } from '../../../test/helpers/aws-cli.js';
import { startEmulator, type RunningEmulator } from '../../index.js';

const A = '111111111111';
const ROOT = { accessKeyId: A, secretAccessKey: 'test' };

describe('CodeStar connections with /usr/bin/aws', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  const cli = <T>(...args: string[]) => awsJson<T>(emu.endpoint, ROOT, ['codestar-connections', ...args]);
  type Created = { ConnectionArn: string };

  it('creates, reads and lists a connection', async () => {
    const { ConnectionArn } = await cli<Created>('create-connection', '--connection-name', 'cli', '--provider-type', 'GitLab');
    expect(ConnectionArn).toMatch(new RegExp(`^arn:aws:codestar-connections:us-east-1:${A}:connection/[0-9a-f-]{36}$`));
    const got = await cli<{ Connection: object }>('get-connection', '--connection-arn', ConnectionArn);
    expect(got.Connection).toEqual({ ConnectionName: 'cli', ConnectionArn, ProviderType: 'GitLab', OwnerAccountId: A, ConnectionStatus: 'AVAILABLE' });
    const listed = await cli<{ Connections: Created[] }>('list-connections', '--provider-type-filter', 'GitLab');
    expect(listed.Connections.map((c) => c.ConnectionArn)).toEqual([ConnectionArn]);
  });

  it('refuses a deleted connection with ResourceNotFoundException', async () => {
    const { ConnectionArn } = await cli<Created>('create-connection', '--connection-name', 'gone', '--provider-type', 'GitHub');
    await cli('delete-connection', '--connection-arn', ConnectionArn);
    expect(await awsFailure(emu.endpoint, ROOT, ['codestar-connections', 'get-connection', '--connection-arn', ConnectionArn])).toEqual({
      exitCode: 254,
      code: 'ResourceNotFoundException',
      operation: 'GetConnection',
      message: 'Resource not found. Verify the connection resource ARN and try again.',
    });
  });
});
