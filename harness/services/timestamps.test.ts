/**
 * One clock: every date a service writes comes from the emulator's clock (EmulatorOptions.clock), so a test that
 * moves time moves every date: IAM's CreateDate of roles, users, access keys and policies, KMS's CreationDate of
 * keys (the AWS managed aws/s3 key too), grants and aliases, an alias's LastUpdatedDate and a key's DeletionDate.
 * The SDK clients sign with the same moved clock (systemClockOffset), or the emulator would refuse their skew; a
 * fresh client per call, because over HTTP the response's Date header is node's wall clock and the SDK resets its
 * offset from it.
 */
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../index.js';

const ACCOUNT = '111111111111';
const DAY = 86_400_000;
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] });

/** A date on the wire keeps whole seconds at least; compare at that precision. */
const seconds = (d: Date | undefined) => Math.floor((d?.getTime() ?? NaN) / 1000);

describe.each(['in-process', 'http'] as const)('dates follow the emulator clock over %s', (transport) => {
  it('CreateRole, CreateUser, CreateAccessKey, CreatePolicy, CreateKey, CreateGrant, CreateAlias and ScheduleKeyDeletion date by it', async () => {
    let now = Date.parse('2031-03-04T05:06:07Z');
    await using emu = await startEmulator({ transport, clock: () => new Date(now) });
    const config = () => ({ ...emu.clientConfig(ACCOUNT), systemClockOffset: now - Date.now() });
    const iam = () => new IAMClient(config());
    const kms = () => new KMSClient(config());

    const role = await iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    const user = await iam().send(new CreateUserCommand({ UserName: 'u' }));
    const key = await kms().send(new CreateKeyCommand({}));
    const keyId = key.KeyMetadata!.KeyId!;
    await kms().send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: keyId }));
    const created = seconds(new Date(now));
    expect(seconds(role.Role!.CreateDate)).toBe(created);
    expect(seconds(user.User!.CreateDate)).toBe(created);
    expect(seconds(key.KeyMetadata!.CreationDate)).toBe(created);

    now += 3 * DAY;
    const later = seconds(new Date(now));
    const accessKey = await iam().send(new CreateAccessKeyCommand({ UserName: 'u' }));
    const policy = await iam().send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: POLICY }));
    const version = await iam().send(new CreatePolicyVersionCommand({ PolicyArn: policy.Policy!.Arn!, PolicyDocument: POLICY }));
    await kms().send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: role.Role!.Arn!, Operations: ['Decrypt'] }));
    const other = await kms().send(new CreateKeyCommand({}));
    await kms().send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: other.KeyMetadata!.KeyId! }));
    const deletion = await kms().send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const managed = await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }));
    expect(seconds(accessKey.AccessKey!.CreateDate)).toBe(later);
    expect(seconds(policy.Policy!.CreateDate)).toBe(later);
    expect(seconds(policy.Policy!.UpdateDate)).toBe(later);
    expect(seconds(version.PolicyVersion!.CreateDate)).toBe(later);
    expect(seconds(deletion.DeletionDate)).toBe(seconds(new Date(now + 7 * DAY)));
    expect(seconds(managed.KeyMetadata!.CreationDate)).toBe(later);

    const grants = await kms().send(new ListGrantsCommand({ KeyId: keyId }));
    expect(grants.Grants!.map((g) => seconds(g.CreationDate))).toEqual([later]);
    const aliases = await kms().send(new ListAliasesCommand({}));
    const alias = aliases.Aliases!.find((a) => a.AliasName === 'alias/app')!;
    expect(seconds(alias.CreationDate)).toBe(created);
    expect(seconds(alias.LastUpdatedDate)).toBe(later);
    const managedAlias = aliases.Aliases!.find((a) => a.AliasName === 'alias/aws/s3')!;
    expect(seconds(managedAlias.CreationDate)).toBe(later);
  });
});
