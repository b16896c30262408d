/**
 * IAM groups through the real @aws-sdk/client-iam, over both transports: the group's life, its members, its inline
 * and attached policies, and a user acting with the permissions of its groups.
 * Sources for wordings (recorded against AWS unless noted):
 * - localstack tests/aws/services/iam/test_iam_groups.snapshot.json (recorded 2026-02): "Group with name X already
 *   exists." (create, and update to a taken name), "The group with name X cannot be found." (get, delete, update, add
 *   a user to an unknown group), "The user with name X cannot be found." (add an unknown user; remove from an unknown
 *   group naming an unknown user), "The group policy with name X cannot be found.", "Policy <arn> was not found."
 *   (detach an unattached policy), all 404/409 as recorded.
 * - "Cannot delete entity, must remove users from group first." (409 DeleteConflict) for DeleteGroup of a group with
 *   members (go-to-k/delstack#40, hashicorp/terraform#29147, quoting AWS) and for DeleteUser of a member
 *   (hashicorp/terraform#3774, mozilla-services/userplex#17, openshift/cloud-credential-operator#467).
 * - "Cannot delete entity, must delete policies first." / "... must detach all policies first.": the user and role
 *   wordings (users.test.ts, attachments.test.ts); no recording for a group's was found, the same words are assumed.
 * - Denials: "User: <arn> is not authorized to perform: <action> on resource: <arn> with an explicit deny in an
 *   identity-based policy" (errors.jsonl E073 form); STS's AssumeRole refusal has no "because" clause (E048).
 * Group permissions: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html ("You can attach an
 * identity-based policy to a user group so that all of the users in the user group receive the policy's permissions.").
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListRolesCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrantCollector, removing } from '../../check/grants.js';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { copyWorld } from '../../world/snapshot.js';
import { A, allow, B, creds, decoded, doc, expectSubjectExercised, startIamTestBed, trust } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;
  let iamB: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA, iamB } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  describe('groups', () => {
    it('creates, reads, lists, renames and deletes a group', async () => {
      const created = await iamA.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/teams/' }));
      expect(created.Group).toMatchObject({ GroupName: 'devs', Path: '/teams/', Arn: `arn:aws:iam::${A}:group/teams/devs` });
      expect(created.Group?.GroupId).toMatch(/^AGPA[A-Z2-7]{16}$/);
      expect(await awsError(iamA.send(new CreateGroupCommand({ GroupName: 'devs' })))).toEqual({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'Group with name devs already exists.',
      });
      await iamA.send(new CreateGroupCommand({ GroupName: 'ops' }));
      const got = await iamA.send(new GetGroupCommand({ GroupName: 'devs' }));
      expect(got.Group).toEqual(created.Group);
      expect(got.Users).toEqual([]);
      expect(got.IsTruncated).toBe(false);
      expect((await iamA.send(new ListGroupsCommand({}))).Groups?.map((g) => g.GroupName)).toEqual(['devs', 'ops']);
      expect((await iamA.send(new ListGroupsCommand({ PathPrefix: '/teams/' }))).Groups?.map((g) => g.GroupName)).toEqual(['devs']);
      expect(await awsError(iamA.send(new GetGroupCommand({ GroupName: 'non-existent-group' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group with name non-existent-group cannot be found.',
      });

      expect(await awsError(iamA.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'ops' })))).toEqual({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'Group with name ops already exists.',
      });
      await iamA.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'developers', NewPath: '/new-path/' }));
      expect((await iamA.send(new GetGroupCommand({ GroupName: 'developers' }))).Group).toMatchObject({
        GroupName: 'developers',
        GroupId: created.Group?.GroupId,
        Path: '/new-path/',
        Arn: `arn:aws:iam::${A}:group/new-path/developers`,
      });
      expect(await awsError(iamA.send(new GetGroupCommand({ GroupName: 'devs' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group with name devs cannot be found.',
      });
      expect(await awsError(iamA.send(new UpdateGroupCommand({ GroupName: 'nonexisting', NewGroupName: 'new-name' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group with name nonexisting cannot be found.',
      });

      await iamA.send(new DeleteGroupCommand({ GroupName: 'developers' }));
      await iamA.send(new DeleteGroupCommand({ GroupName: 'ops' }));
      expect((await iamA.send(new ListGroupsCommand({}))).Groups).toEqual([]);
      expect(await awsError(iamA.send(new DeleteGroupCommand({ GroupName: 'unknown-group' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group with name unknown-group cannot be found.',
      });
    });

    it('adds and removes members, and neither a group with members nor a member can be deleted', async () => {
      await iamA.send(new CreateGroupCommand({ GroupName: 'g1' }));
      await iamA.send(new CreateGroupCommand({ GroupName: 'g2' }));
      await iamA.send(new CreateGroupCommand({ GroupName: 'g3' }));
      const user = (await iamA.send(new CreateUserCommand({ UserName: 'member' }))).User!;
      await iamA.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'member' }));
      await iamA.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'member' }));
      await iamA.send(new AddUserToGroupCommand({ GroupName: 'g2', UserName: 'member' }));
      expect((await iamA.send(new GetGroupCommand({ GroupName: 'g1' }))).Users).toEqual([user]);
      expect((await iamA.send(new ListGroupsForUserCommand({ UserName: 'member' }))).Groups?.map((g) => g.GroupName)).toEqual(['g1', 'g2']);

      expect(await awsError(iamA.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'non-existent-user' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The user with name non-existent-user cannot be found.',
      });
      expect(await awsError(iamA.send(new AddUserToGroupCommand({ GroupName: 'non-existent-group', UserName: 'member' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group with name non-existent-group cannot be found.',
      });
      expect(await awsError(iamA.send(new RemoveUserFromGroupCommand({ GroupName: 'non-existent-group', UserName: 'any-user' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The user with name any-user cannot be found.',
      });

      expect(await awsError(iamA.send(new DeleteGroupCommand({ GroupName: 'g1' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must remove users from group first.',
      });
      expect(await awsError(iamA.send(new DeleteUserCommand({ UserName: 'member' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must remove users from group first.',
      });

      // Adding twice is one membership: removing once leaves none (test_add_user_to_group_idempotent).
      await iamA.send(new RemoveUserFromGroupCommand({ GroupName: 'g1', UserName: 'member' }));
      await iamA.send(new RemoveUserFromGroupCommand({ GroupName: 'g2', UserName: 'member' }));
      expect((await iamA.send(new ListGroupsForUserCommand({ UserName: 'member' }))).Groups).toEqual([]);
      expect((await iamA.send(new GetGroupCommand({ GroupName: 'g1' }))).Users).toEqual([]);
      await iamA.send(new DeleteUserCommand({ UserName: 'member' }));
      for (const g of ['g1', 'g2', 'g3']) await iamA.send(new DeleteGroupCommand({ GroupName: g }));
    });

    it('puts, reads, lists and deletes inline group policies', async () => {
      await iamA.send(new CreateGroupCommand({ GroupName: 'inline' }));
      expect((await iamA.send(new ListGroupPoliciesCommand({ GroupName: 'inline' })))).toMatchObject({ PolicyNames: [], IsTruncated: false });
      expect(await awsError(iamA.send(new GetGroupPolicyCommand({ GroupName: 'inline', PolicyName: 'read' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group policy with name read cannot be found.',
      });
      const policy = allow('s3:ListBucket', 'arn:aws:s3:::example_bucket');
      await iamA.send(new PutGroupPolicyCommand({ GroupName: 'inline', PolicyName: 'read', PolicyDocument: policy }));
      const got = await iamA.send(new GetGroupPolicyCommand({ GroupName: 'inline', PolicyName: 'read' }));
      expect({ ...got, PolicyDocument: decoded(got.PolicyDocument) }).toMatchObject({ GroupName: 'inline', PolicyName: 'read', PolicyDocument: JSON.parse(policy) });
      expect((await iamA.send(new ListGroupPoliciesCommand({ GroupName: 'inline' }))).PolicyNames).toEqual(['read']);
      expect(await awsError(iamA.send(new DeleteGroupCommand({ GroupName: 'inline' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must delete policies first.',
      });
      await iamA.send(new DeleteGroupPolicyCommand({ GroupName: 'inline', PolicyName: 'read' }));
      expect(await awsError(iamA.send(new DeleteGroupPolicyCommand({ GroupName: 'inline', PolicyName: 'read' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group policy with name read cannot be found.',
      });
      expect(await awsError(iamA.send(new PutGroupPolicyCommand({ GroupName: 'nobody', PolicyName: 'read', PolicyDocument: policy })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The group with name nobody cannot be found.',
      });
      await iamA.send(new DeleteGroupCommand({ GroupName: 'inline' }));
    });

    it('attaches, lists and detaches managed policies on a group', async () => {
      const own = `arn:aws:iam::${A}:policy/group-attachable`;
      await iamA.send(new CreatePolicyCommand({ PolicyName: 'group-attachable', PolicyDocument: allow('s3:GetObject') }));
      await iamA.send(new CreateGroupCommand({ GroupName: 'attached' }));
      expect((await iamA.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'attached' })))).toMatchObject({ AttachedPolicies: [], IsTruncated: false });
      await iamA.send(new AttachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: own }));
      expect((await iamA.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'attached' }))).AttachedPolicies).toEqual([{ PolicyName: 'group-attachable', PolicyArn: own }]);
      expect((await iamA.send(new GetPolicyCommand({ PolicyArn: own }))).Policy?.AttachmentCount).toBe(1);
      expect(await awsError(iamA.send(new DeleteGroupCommand({ GroupName: 'attached' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must detach all policies first.',
      });
      await iamA.send(new DetachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: own }));
      expect(await awsError(iamA.send(new DetachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: own })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy ${own} was not found.`,
      });
      await iamA.send(new DeleteGroupCommand({ GroupName: 'attached' }));
    });

    it("lets a member act with its groups' inline and attached policies, and their denies refuse it", async () => {
      await iamB.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      const roleArn = `arn:aws:iam::${B}:role/deployer`;
      await iamA.send(new CreateUserCommand({ UserName: 'dev' }));
      const sts = new STSClient(emu.configFor(await creds(iamA, 'dev')));
      const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'dev' }));
      const refused = {
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/dev is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      };
      expect(await awsError(assume())).toEqual(refused);

      await iamA.send(new CreateGroupCommand({ GroupName: 'assumers' }));
      await iamA.send(new PutGroupPolicyCommand({ GroupName: 'assumers', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole', roleArn) }));
      expect(await awsError(assume())).toEqual(refused);
      await iamA.send(new AddUserToGroupCommand({ GroupName: 'assumers', UserName: 'dev' }));
      expect((await assume()).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${B}:assumed-role/deployer/dev`);
      await iamA.send(new RemoveUserFromGroupCommand({ GroupName: 'assumers', UserName: 'dev' }));
      expect(await awsError(assume())).toEqual(refused);

      await iamA.send(new CreatePolicyCommand({ PolicyName: 'assume-any', PolicyDocument: allow(['sts:AssumeRole', 'iam:ListRoles']) }));
      await iamA.send(new CreateGroupCommand({ GroupName: 'managed' }));
      await iamA.send(new AttachGroupPolicyCommand({ GroupName: 'managed', PolicyArn: `arn:aws:iam::${A}:policy/assume-any` }));
      await iamA.send(new AddUserToGroupCommand({ GroupName: 'managed', UserName: 'dev' }));
      expect((await assume()).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${B}:assumed-role/deployer/dev`);

      const iamDev = new IAMClient(emu.configFor(await creds(iamA, 'dev')));
      expect((await iamDev.send(new ListRolesCommand({}))).Roles).toBeDefined();
      await iamA.send(new CreateGroupCommand({ GroupName: 'denied' }));
      await iamA.send(new PutGroupPolicyCommand({ GroupName: 'denied', PolicyName: 'no-list', PolicyDocument: doc([{ Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }]) }));
      await iamA.send(new AddUserToGroupCommand({ GroupName: 'denied', UserName: 'dev' }));
      expect(await awsError(iamDev.send(new ListRolesCommand({})))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/dev is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${A}:role/ with an explicit deny in an identity-based policy`,
      });
    });
  });

  it("names a group's policies by the group, so xacct check finds and takes away a grant a member rests on", async () => {
    await iamB.send(new CreateRoleCommand({ RoleName: 'checked', AssumeRolePolicyDocument: trust({ AWS: A }) }));
    const roleArn = `arn:aws:iam::${B}:role/checked`;
    await iamA.send(new CreateUserCommand({ UserName: 'checked-dev' }));
    await iamA.send(new CreateGroupCommand({ GroupName: 'checkers' }));
    await iamA.send(new PutGroupPolicyCommand({ GroupName: 'checkers', PolicyName: 'assume', PolicyDocument: doc([{ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }]) }));
    await iamA.send(new AddUserToGroupCommand({ GroupName: 'checkers', UserName: 'checked-dev' }));
    const sts = new STSClient(emu.configFor(await creds(iamA, 'checked-dev')));
    const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'checked' }));

    const collector = new GrantCollector();
    emu.emulator.authorizationLens = collector.lens;
    try {
      await assume();
    } finally {
      emu.emulator.authorizationLens = undefined;
    }
    const grant = { policy: 'group checkers inline policy assume', policyType: 'identity', statement: 'Assume' };
    expect(collector.grants()).toContainEqual(grant);

    emu.emulator.authorizationLens = removing(grant);
    try {
      expect(await awsError(assume())).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/checked-dev is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      });
    } finally {
      emu.emulator.authorizationLens = undefined;
    }
  });

  it('copies groups and memberships with the world (world/snapshot.ts), and a change in the copy stays there', async () => {
    await iamA.send(new CreateUserCommand({ UserName: 'copied-member' }));
    await iamA.send(new CreateGroupCommand({ GroupName: 'copied' }));
    await iamA.send(new PutGroupPolicyCommand({ GroupName: 'copied', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') }));
    await iamA.send(new AddUserToGroupCommand({ GroupName: 'copied', UserName: 'copied-member' }));
    const original = emu.emulator.world;
    emu.emulator.world = copyWorld(original);
    try {
      expect((await iamA.send(new GetGroupCommand({ GroupName: 'copied' }))).Users?.map((u) => u.UserName)).toEqual(['copied-member']);
      expect((await iamA.send(new ListGroupPoliciesCommand({ GroupName: 'copied' }))).PolicyNames).toEqual(['p']);
      await iamA.send(new RemoveUserFromGroupCommand({ GroupName: 'copied', UserName: 'copied-member' }));
    } finally {
      emu.emulator.world = original;
    }
    expect((await iamA.send(new ListGroupsForUserCommand({ UserName: 'copied-member' }))).Groups?.map((g) => g.GroupName)).toEqual(['copied']);
  });

  it('exercises every groups operation the IAM service declares', () => expectSubjectExercised('groups', exercised));
});
