/**
 * GetFederationToken through the real @aws-sdk/client-sts over both transports (issue 19).
 * - Shape: localstack/localstack tests/aws/services/sts/test_sts.snapshot.json, test_get_federation_token (validated
 *   against AWS): FederatedUser { Arn: arn:aws:sts::<acct>:federated-user/<Name>, FederatedUserId: <acct>:<Name> },
 *   PackedPolicySize 0 without a policy.
 * - Permissions: "the intersection of the IAM user policies and the session policies that you pass"; without a
 *   session policy the federated user has no permissions
 *   (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html, "Permissions"). Denials use
 *   IAM's wording (E066) with the policy type that lacked an Allow.
 * - With session credentials: 403 AccessDenied "Cannot call GetFederationToken with session credentials" (users'
 *   quotes of AWS's answer, see federation.ts; no recorded response found).
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const doc = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe.each(['in-process', 'http'] as const)('GetFederationToken over %s', (transport) => {
  let emu: RunningEmulator;
  let sts: STSClient;
  const as = (c: Credentials) => emu.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'broker' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'broker', PolicyName: 'p', PolicyDocument: doc(['sts:GetFederationToken', 'sts:AssumeRole', 'iam:ListRoles', 'iam:ListUsers']) }));
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'broker' }))).AccessKey!;
    sts = new STSClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
  });
  afterAll(() => emu.dispose());

  it('answers the recorded shape and the federated user signs as itself', async () => {
    const out = await sts.send(new GetFederationTokenCommand({ Name: 'TestName1', DurationSeconds: 900 }));
    expect(out.FederatedUser).toEqual({ Arn: `arn:aws:sts::${A}:federated-user/TestName1`, FederatedUserId: `${A}:TestName1` });
    expect(out.PackedPolicySize).toBe(0);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const id = await new STSClient(as(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: A, Arn: `arn:aws:sts::${A}:federated-user/TestName1`, UserId: `${A}:TestName1` });
  });

  it('gives the intersection of the user policies and the session policy', async () => {
    const out = await sts.send(new GetFederationTokenCommand({ Name: 'bob', Policy: doc(['iam:ListRoles', 'iam:ListPolicies']) }));
    const iam = new IAMClient(as(out.Credentials!));
    expect((await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName)).toContain('r');
    const who = `arn:aws:sts::${A}:federated-user/bob`;
    // Allowed by the user's policies, not by the session policy.
    expect(await awsError(iam.send(new ListUsersCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${who} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${A}:user/ because no session policy allows the iam:ListUsers action`,
    });
    // Allowed by the session policy, not by the user's policies.
    expect(await awsError(iam.send(new ListPoliciesCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${who} is not authorized to perform: iam:ListPolicies on resource: arn:aws:iam::${A}:policy/ because no identity-based policy allows the iam:ListPolicies action`,
    });
  });

  it('has no permissions without a session policy', async () => {
    const out = await sts.send(new GetFederationTokenCommand({ Name: 'bare' }));
    const err = await awsError(new IAMClient(as(out.Credentials!)).send(new ListRolesCommand({})));
    expect(err.code).toBe('AccessDenied');
    expect(err.status).toBe(403);
    expect(err.message).toBe(
      `User: arn:aws:sts::${A}:federated-user/bare is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${A}:role/ because no session policy allows the iam:ListRoles action`,
    );
  });

  it('is refused with session credentials', async () => {
    const session = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/r`, RoleSessionName: 'ss' }));
    const err = await awsError(new STSClient(as(session.Credentials!)).send(new GetFederationTokenCommand({ Name: 'x1' })));
    expect(err).toEqual({ code: 'AccessDenied', status: 403, message: 'Cannot call GetFederationToken with session credentials' });
  });

  it('refuses a name outside the model constraints (Coral wording, as for RoleSessionName)', async () => {
    const err = await awsError(sts.send(new GetFederationTokenCommand({ Name: 'a:b' })));
    expect(err).toEqual({
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value 'a:b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
  });
});
