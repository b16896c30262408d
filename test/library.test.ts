/**
 * The library API tests use (issue 2, item 8): an emulator in-process or on a port, client configs for an account
 * root, an IAM user, and any role assumed for you (its trust policy still decides), disposed with `await using`;
 * over HTTP, its admin token opens the admin endpoints (issue 13).
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../harness/index.js';
import { awsError } from '../harness/testing/errors.js';

const ACCOUNT = '111111111111';
const trust = (principal: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

describe.each(['in-process', 'http'] as const)('library API over %s', (transport) => {
  it('gives configs for a root, a user and a role, and disposes the server', async () => {
    let endpoint: string;
    {
      await using emu = await startEmulator({ transport });
      endpoint = emu.endpoint;
      const iam = new IAMClient(emu.clientConfig(ACCOUNT));
      await iam.send(new CreateUserCommand({ UserName: 'dev' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'none', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
      const user = emu.configFor({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! });
      expect((await new STSClient(user).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/dev`);

      await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust({ AWS: ACCOUNT }) }));
      const role = await emu.roleConfig(`arn:aws:iam::${ACCOUNT}:role/deployer`, { sessionName: 'test-run' });
      expect((await new STSClient(role).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/test-run`);

      await iam.send(new CreateRoleCommand({ RoleName: 'service-only', AssumeRolePolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));
      expect(await awsError(emu.roleConfig(`arn:aws:iam::${ACCOUNT}:role/service-only`))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${ACCOUNT}:user/xacct-harness is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/service-only`,
      });
      const service = await emu.assumeRoleAsService(`arn:aws:iam::${ACCOUNT}:role/service-only`, 'codepipeline.amazonaws.com', 'pipeline-run');
      expect((await new STSClient(service).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/service-only/pipeline-run`);
    }
    if (transport === 'http') await expect(fetch(`${endpoint}/_xacct/health`)).rejects.toThrow();
  });

  it('exposes the admin token that the admin endpoints take', async () => {
    await using emu = await startEmulator({ transport });
    expect(emu.adminToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (transport !== 'http') return;
    const snapshot = (headers: Record<string, string>) => fetch(`${emu.endpoint}/_xacct/snapshot`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await snapshot({})).status).toBe(401);
    expect((await snapshot({ 'x-xacct-admin-token': emu.adminToken })).status).toBe(200);
  });
});
