/**
 * aws_codestarconnections_connection applied to the emulator (in-process): the connection is created in the
 * provider's account, its `arn` feeds a role policy granting codestar-connections:UseConnection, and
 * `connection_status` is what GetConnection reports (AVAILABLE: the emulator's documented deviation). A name the
 * service refuses fails the apply with the resource's address and the service's code, status and message
 * (ValidationException in Coral's words, harness/services/params.ts).
 */
import { CodeStarConnectionsClient, GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';
import { ApplyResourceError } from '../errors.js';

const provider = { aws: [{ region: 'us-east-1', access_key: '111111111111', secret_key: 'test' }] };

const config = (name: string) => ({
  provider,
  resource: {
    aws_codestarconnections_connection: { github: { name, provider_type: 'GitHub', tags: { team: 'ci' } } },
    aws_iam_role: {
      pipeline: {
        name: 'pipeline-role',
        assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      },
    },
    aws_iam_role_policy: {
      use: {
        role: '${aws_iam_role.pipeline.name}',
        name: 'use-connection',
        policy: '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "codestar-connections:UseConnection", Resource = aws_codestarconnections_connection.github.arn}]})}',
      },
    },
  },
});

describe('aws_codestarconnections_connection', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
  });
  afterAll(() => emu.dispose());

  it('creates the connection whose arn other resources reference', async () => {
    const result = await apply(config('github'), { resolver: emu });
    const connection = result.resources.find((r) => r.address === 'aws_codestarconnections_connection.github')!;
    const arn = connection.attributes['arn'] as string;
    expect(arn).toMatch(/^arn:aws:codestar-connections:us-east-1:111111111111:connection\/[0-9a-f-]{36}$/);
    expect(connection.attributes).toMatchObject({ id: arn, connection_status: 'AVAILABLE', tags_all: { team: 'ci' } });
    const got = await new CodeStarConnectionsClient(emu.clientConfig('111111111111')).send(new GetConnectionCommand({ ConnectionArn: arn }));
    expect(got.Connection).toMatchObject({ ConnectionName: 'github', ProviderType: 'GitHub', ConnectionStatus: 'AVAILABLE' });
    const policy = await new IAMClient(emu.clientConfig('111111111111')).send(new GetRolePolicyCommand({ RoleName: 'pipeline-role', PolicyName: 'use-connection' }));
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!)).Statement[0].Resource).toBe(arn);
  });

  it("fails with the resource's address and the service's error when the name is refused", async () => {
    const name = 'n'.repeat(33);
    const e = (await apply(config(name), { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
    expect(e).toBeInstanceOf(ApplyResourceError);
    expect([e.address, e.code, e.statusCode, e.awsMessage]).toEqual([
      'aws_codestarconnections_connection.github',
      'ValidationException',
      400,
      `1 validation error detected: Value '${name}' at 'connectionName' failed to satisfy constraint: Member must have length less than or equal to 32`,
    ]);
  });
});
