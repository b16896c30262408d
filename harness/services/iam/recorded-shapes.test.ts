/**
 * IAM response shapes and wordings as AWS recorded them (issue 19), through the real @aws-sdk/client-iam over both
 * transports. Every expectation is copied from LocalStack's snapshots of tests validated against AWS:
 * - localstack/localstack tests/aws/services/iam/test_iam_roles.snapshot.json, test_create_role_defaults (recorded
 *   2026-02): CreateRole answers Arn, AssumeRolePolicyDocument, CreateDate, Path, RoleId, RoleName and no
 *   MaxSessionDuration or RoleLastUsed; GetRole adds MaxSessionDuration 3600 and RoleLastUsed {}; test_role_with_tags:
 *   CreateRole answers Tags when given; ListRoles carries MaxSessionDuration but no RoleLastUsed.
 * - tests/aws/services/iam/test_iam_policies.snapshot.json, test_policy_lifecycle (recorded 2026-02): CreatePolicy
 *   answers no Tags; GetPolicy answers "Tags": [].
 * - tests/aws/services/iam/test_iam.snapshot.json, test_delete_non_existent_policy_returns_no_such_entity (localstack
 *   commit 8b9a79f05): DeletePolicy of a missing policy is 404 NoSuchEntity "Policy <arn> was not found.".
 * - test_iam_roles.snapshot.json, test_role_tag_errors: CreateRole's and TagRole's tag refusals (too many, too long,
 *   a character outside the pattern: ValidationError naming no value; keys equal but for case: InvalidInput).
 */
import { CreatePolicyCommand, CreateRoleCommand, DeletePolicyCommand, GetPolicyCommand, GetRoleCommand, IAMClient, ListRolesCommand, TagRoleCommand, type Tag } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, trust } from './test-fixtures.js';

const keys = (o: object | undefined) => Object.keys(o ?? {}).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();

describe.each(['in-process', 'http'] as const)('IAM recorded shapes over %s', (transport) => {
  let emu: RunningEmulator;
  let iam: IAMClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    iam = new IAMClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('CreateRole omits MaxSessionDuration and RoleLastUsed; GetRole and ListRoles carry MaxSessionDuration', async () => {
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'defaults', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    expect(keys(created.Role)).toEqual(['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'Path', 'RoleId', 'RoleName']);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'defaults' }));
    expect(keys(got.Role)).toEqual(['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'MaxSessionDuration', 'Path', 'RoleId', 'RoleLastUsed', 'RoleName']);
    expect(got.Role?.MaxSessionDuration).toBe(3600);
    expect(got.Role?.RoleLastUsed).toEqual({});
    const listed = (await iam.send(new ListRolesCommand({}))).Roles?.find((r) => r.RoleName === 'defaults');
    expect(keys(listed)).toEqual(['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'MaxSessionDuration', 'Path', 'RoleId', 'RoleName']);
  });

  it('CreateRole answers the tags it was given', async () => {
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: 'tagged', Path: '/role-with-tags/', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }), Tags: [{ Key: 'test', Value: 'value' }] }),
    );
    expect(keys(created.Role)).toEqual(['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'Path', 'RoleId', 'RoleName', 'Tags']);
    expect(created.Role?.Tags).toEqual([{ Key: 'test', Value: 'value' }]);
  });

  it('CreatePolicy answers no Tags, GetPolicy answers an empty Tags list', async () => {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'shape', Path: '/test/path/', PolicyDocument: allow('s3:ListBucket') }));
    const common = ['Arn', 'AttachmentCount', 'CreateDate', 'DefaultVersionId', 'IsAttachable', 'Path', 'PermissionsBoundaryUsageCount', 'PolicyId', 'PolicyName', 'UpdateDate'];
    expect(keys(created.Policy)).toEqual(common);
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: created.Policy!.Arn! }));
    expect(keys(got.Policy)).toEqual([...common, 'Tags'].sort());
    expect(got.Policy?.Tags).toEqual([]);
  });

  it('DeletePolicy on a missing policy: 404 NoSuchEntity "Policy <arn> was not found."', async () => {
    const arn = `arn:aws:iam::${A}:policy/non-existent-policy`;
    expect(await awsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${arn} was not found.` });
  });

  it('refuses tags as AWS recorded it, on CreateRole and TagRole', async () => {
    const trustDoc = trust({ Service: 'ec2.amazonaws.com' });
    await iam.send(new CreateRoleCommand({ RoleName: 'tag-target', AssumeRolePolicyDocument: trustDoc }));
    const validation = (constraint: string) => ({ code: 'ValidationError', status: 400, message: `1 validation error detected: ${constraint}` });
    const cases: Array<[Tag[], object]> = [
      [Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })), validation("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")],
      [[{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }], { code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' }],
      [[{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }], { code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' }],
      [[{ Key: 'k'.repeat(129), Value: 'v' }], validation("Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128")],
      [[{ Key: 'k', Value: 'v'.repeat(257) }], validation("Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256")],
      [[{ Key: 'bad#key', Value: 'v' }], validation("Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+")],
    ];
    for (const [Tags, want] of cases) {
      expect(await awsError(iam.send(new CreateRoleCommand({ RoleName: 'tag-refused', AssumeRolePolicyDocument: trustDoc, Tags })))).toEqual(want);
      expect(await awsError(iam.send(new TagRoleCommand({ RoleName: 'tag-target', Tags })))).toEqual(want);
    }
    const emptyValue = await iam.send(new CreateRoleCommand({ RoleName: 'tag-empty', AssumeRolePolicyDocument: trustDoc, Tags: [{ Key: 'emptykey', Value: '' }] }));
    expect(emptyValue.Role?.Tags).toEqual([{ Key: 'emptykey', Value: '' }]);
  });
});
