/**
 * Session policies passed to AssumeRole, through the real @aws-sdk/client-sts over both transports (issue 13).
 * - Size: the `Policy` member is at most 2,048 characters (botocore data/sts/2011-06-15/service-2.json,
 *   sessionPolicyDocumentType); past it STS answers the constraint error "Value '…' at 'policy' failed to satisfy
 *   constraint" (aws/aws-sdk-js features/sts/sts.feature, run against AWS: GetFederationToken with an empty Policy).
 * - The packed limit ("Packed policy consumes n% of allotted space, please use smaller policy.",
 *   https://repost.aws/knowledge-center/iam-role-aws-sts-error) depends on AWS's unpublished compression and is not
 *   raised; PackedPolicySize is an estimate.
 * - Content: the document is validated as an IAM identity policy; a bad IP value answers MalformedPolicyDocument with
 *   IAM's "Syntax errors in policy." (no recorded STS response names a bad condition value).
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const ROLE = `arn:aws:iam::${A}:role/session`;

describe.each(['in-process', 'http'] as const)('AssumeRole session policies over %s', (transport) => {
  let emu: RunningEmulator;
  let sts: STSClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    const iam = new IAMClient(emu.clientConfig(A));
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'session', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateUserCommand({ UserName: 'caller' }));
    const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'caller', PolicyName: 'assume', PolicyDocument: allow }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'caller' }))).AccessKey!;
    sts = new STSClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
  });
  afterAll(() => emu.dispose());

  it('refuses a session policy over 2,048 characters', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(2000), Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    expect(await awsError(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sp', Policy: policy })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '${policy}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    });
  });

  it('refuses a session policy with an IpAddress value that is not an address', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': 'vpn' } } }] });
    expect(await awsError(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sp', Policy: policy })))).toEqual({
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Syntax errors in policy.',
    });
    const good = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] });
    expect((await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sp', Policy: good }))).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });
});
