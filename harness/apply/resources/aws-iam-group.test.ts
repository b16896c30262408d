/**
 * aws_iam_group, aws_iam_group_policy, aws_iam_group_policy_attachment, aws_iam_group_membership and
 * aws_iam_user_group_membership against the emulator (in-process; the applier's transport is not what this tests):
 * the group is created with its policies and members in the provider's account, and a member acts with the group's
 * permissions (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_group (id is the name, arn, unique_id)
 */
import { CreateAccessKeyCommand, CreateRoleCommand, GetGroupCommand, IAMClient, ListAttachedGroupPoliciesCommand, ListGroupPoliciesCommand, ListGroupsForUserCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';

const DEV = '111111111111';
const TOOLS = '222222222222';
const ROLE = `arn:aws:iam::${TOOLS}:role/dev_account_role`;

describe('aws_iam_group and its policies and memberships', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
    await new IAMClient(emu.clientConfig(TOOLS)).send(
      new CreateRoleCommand({ RoleName: 'dev_account_role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: DEV }, Action: 'sts:AssumeRole' }] }) }),
    );
  });
  afterAll(() => emu.dispose());

  it('creates the group with its inline and attached policies and its members; a member assumes the role the group allows', async () => {
    const config = {
      provider: { aws: [{ region: 'us-east-1', access_key: DEV, secret_key: 'test' }] },
      resource: {
        aws_iam_group: { access: { name: 'PipelineAccess', path: '/teams/' } },
        aws_iam_user: { dev: { name: 'dev' }, ops: { name: 'ops' } },
        aws_iam_group_policy: {
          assume: { name: 'assume', group: '${aws_iam_group.access.name}', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }] }) },
        },
        aws_iam_group_policy_attachment: { read: { group: '${aws_iam_group.access.name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
        aws_iam_group_membership: { team: { name: 'team', group: '${aws_iam_group.access.name}', users: ['${aws_iam_user.dev.name}'] } },
        aws_iam_user_group_membership: { ops: { user: '${aws_iam_user.ops.name}', groups: ['${aws_iam_group.access.name}'] } },
      },
    };
    const result = await apply(config, { resolver: emu });
    const byAddress = Object.fromEntries(result.resources.map((r) => [r.address, r]));
    expect(byAddress['aws_iam_group.access']).toMatchObject({ account: DEV, attributes: { id: 'PipelineAccess', arn: `arn:aws:iam::${DEV}:group/teams/PipelineAccess` } });
    expect(byAddress['aws_iam_group.access']!.attributes['unique_id']).toMatch(/^AGPA[A-Z2-7]{16}$/);
    expect(byAddress['aws_iam_group_policy.assume']).toMatchObject({ attributes: { id: 'PipelineAccess:assume', name: 'assume' } });
    expect(byAddress['aws_iam_group_membership.team']).toMatchObject({ attributes: { id: 'team' } });
    for (const r of result.resources) expect(r.notEmulated).toBeUndefined();

    const iam = new IAMClient(emu.clientConfig(DEV));
    expect((await iam.send(new GetGroupCommand({ GroupName: 'PipelineAccess' }))).Users?.map((u) => u.UserName).sort()).toEqual(['dev', 'ops']);
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'PipelineAccess' }))).PolicyNames).toEqual(['assume']);
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'PipelineAccess' }))).AttachedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'ops' }))).Groups?.map((g) => g.GroupName)).toEqual(['PipelineAccess']);

    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    const sts = new STSClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    expect((await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'dev' }))).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${TOOLS}:assumed-role/dev_account_role/dev`);
  });
});
