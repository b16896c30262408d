/**
 * Session tags passed to AssumeRole, through the real @aws-sdk/client-sts over both transports (issue 19).
 * The three refusals are AWS's recorded answers: localstack/localstack tests/aws/services/sts/test_sts.snapshot.json,
 * tests marked validated against AWS: test_assume_role_tag_validation ("invalid-transitive-tag-keys",
 * "duplicate-tag-keys-different-casing") and test_iam_role_chaining_override_transitive_tags
 * ("override-transitive-tag-error", "override-transitive-tag-case-ignore-error"): 400 InvalidParameterValue.
 * The same recordings show transitive keys matched case-insensitively (TransitiveTagKeys ["sessiontag1"] for the
 * tag "SessionTag1" succeeds) and trust policies allowing sts:TagSession beside sts:AssumeRole, which
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html ("Permissions required to add session tags")
 * requires; without it the refusal is IAM's AccessDenied for sts:TagSession (E066's wording without a "because"
 * clause, as E048 for sts:AssumeRole and as users quote AWS's answer, see errors.ts stsDenial).
 * A session's tags are its aws:PrincipalTag/<key> values (id_session-tags.html, "Using session tags"): a role policy
 * conditioned on one allows the session that carries it and refuses one that does not, in IAM's words (E066).
 * The tag-key pattern refusal is worded as IAM's recorded answer for the same tag shape (localstack/localstack
 * tests/aws/services/iam/test_iam_roles.snapshot.json, "create-role-tag-invalid-char"); no STS recording of it exists.
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const trust = (actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: actions }] });
const allow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] });

describe.each(['in-process', 'http'] as const)('AssumeRole session tags over %s', (transport) => {
  let emu: RunningEmulator;
  let sts: STSClient;
  const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;
  const assume = (client: STSClient, input: Partial<AssumeRoleCommandInput>) =>
    client.send(new AssumeRoleCommand({ RoleArn: role('role-1'), RoleSessionName: 'Session1', ...input }));

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'role-1', AssumeRolePolicyDocument: trust(['sts:AssumeRole', 'sts:TagSession']) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'role-2', AssumeRolePolicyDocument: trust(['sts:AssumeRole', 'sts:TagSession']) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'untagged', AssumeRolePolicyDocument: trust(['sts:AssumeRole']) }));
    await iam.send(new CreateUserCommand({ UserName: 'caller' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'caller', PolicyName: 'p', PolicyDocument: allow }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'role-1', PolicyName: 'chain', PolicyDocument: allow }));
    const byTag = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'role-2', PolicyName: 'by-tag', PolicyDocument: JSON.stringify(byTag) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'caller' }))).AccessKey!;
    sts = new STSClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
  });
  afterAll(() => emu.dispose());

  it('refuses a transitive key that is not among the tags (recorded: invalid-transitive-tag-keys)', async () => {
    const err = await awsError(assume(sts, { Tags: [{ Key: 'SessionTag1', Value: 'SessionValue1' }], TransitiveTagKeys: ['InvalidKey'] }));
    expect(err).toEqual({ code: 'InvalidParameterValue', status: 400, message: 'The specified transitive tag key must be included in the requested tags.' });
  });

  it('matches transitive keys case-insensitively, and refuses keys that differ only in case (recorded)', async () => {
    const ok = await assume(sts, { Tags: [{ Key: 'SessionTag1', Value: 'SessionValue1' }], TransitiveTagKeys: ['sessiontag1'] });
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const err = await awsError(
      assume(sts, {
        Tags: [
          { Key: 'SessionTag1', Value: 'SessionValue1' },
          { Key: 'sessiontag1', Value: 'SessionValue2' },
        ],
        TransitiveTagKeys: ['sessiontag1'],
      }),
    );
    expect(err).toEqual({ code: 'InvalidParameterValue', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' });
  });

  it('refuses a chained session that sets a transitive tag of the calling session, in any case (recorded)', async () => {
    const first = await assume(sts, { Tags: [{ Key: 'SessionTag1', Value: 'SessionValue1' }], TransitiveTagKeys: ['SessionTag1'] });
    const c = first.Credentials!;
    const session = new STSClient(emu.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
    const message = "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.";
    for (const Key of ['SessionTag1', 'sessiontag1']) {
      const err = await awsError(assume(session, { RoleArn: role('role-2'), RoleSessionName: 'Session2SessionTagOverride', Tags: [{ Key, Value: 'SessionValue2' }] }));
      expect(err).toEqual({ code: 'InvalidParameterValue', status: 400, message });
    }
    // Without overriding, the chain goes on and the tag travels with it.
    const second = await assume(session, { RoleArn: role('role-2'), RoleSessionName: 'Session2', Tags: [{ Key: 'Other', Value: 'v' }] });
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${A}:assumed-role/role-2/Session2`);
  });

  it('needs sts:TagSession in the trust policy to pass tags (id_session-tags.html)', async () => {
    const err = await awsError(assume(sts, { RoleArn: role('untagged'), Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(err).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/caller is not authorized to perform: sts:TagSession on resource: ${role('untagged')}`,
    });
    expect((await assume(sts, { RoleArn: role('untagged') })).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('refuses a tag key outside the model pattern with the constraint wording', async () => {
    const err = await awsError(assume(sts, { Tags: [{ Key: 'bad#key', Value: 'v' }] }));
    expect(err).toEqual({
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    });
  });

  it('hands the session tags to policies as aws:PrincipalTag', async () => {
    const session = async (Value: string) => {
      const c = (await assume(sts, { RoleArn: role('role-2'), RoleSessionName: `team-${Value}`, Tags: [{ Key: 'Team', Value }] })).Credentials!;
      return new IAMClient(emu.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
    };
    expect((await (await session('blue')).send(new ListRolesCommand({}))).Roles?.length).toBeGreaterThan(0);
    expect(await awsError((await session('red')).send(new ListRolesCommand({})))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:sts::${A}:assumed-role/role-2/team-red is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${A}:role/ because no identity-based policy allows the iam:ListRoles action`,
    });
  });
});
