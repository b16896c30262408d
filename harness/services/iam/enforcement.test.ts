/**
 * IAM enforcing identity policies, explicit denies and session policies on its own calls, through the real
 * @aws-sdk/client-iam and @aws-sdk/client-sts, over both transports.
 * Sources for wordings: "User: <arn> is not authorized to perform: <action> on resource: <arn> because no
 * identity-based policy allows the <action> action" (errors.jsonl E066 form); ListRoles names "role/" + path prefix
 * as its resource (AWS IAM docs' sample AccessDenied XML for ListRoles).
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, B, creds, doc, expectOnlyDeclared, startIamTestBed, trust } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;
  let iamB: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA, iamB } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  describe('IAM enforces policies on its own calls', () => {
    it('refuses a user without iam:CreateRole in IAM\'s exact words', async () => {
      await iamA.send(new CreateUserCommand({ UserName: 'x' }));
      const asX = new IAMClient(emu.configFor(await creds(iamA, 'x')));
      expect(await awsError(asX.send(new CreateRoleCommand({ RoleName: 'y', AssumeRolePolicyDocument: trust({ AWS: A }) })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/x is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${A}:role/y because no identity-based policy allows the iam:CreateRole action`,
      });
      expect(await awsError(asX.send(new ListRolesCommand({})))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/x is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${A}:role/ because no identity-based policy allows the iam:ListRoles action`,
      });
      await iamA.send(new AttachUserPolicyCommand({ UserName: 'x', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      expect((await asX.send(new CreateRoleCommand({ RoleName: 'y', AssumeRolePolicyDocument: trust({ AWS: A }) }))).Role?.RoleName).toBe('y');
    });

    it('refuses a role created with tags to a caller that may create roles but not tag them (iam:TagRole)', async () => {
      // The words as a CloudFormation AWS::IAM::Role failure quotes IAM's (brefphp/bref#2028, 2025); see roles.ts.
      await iamA.send(new CreateUserCommand({ UserName: 'creator' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'creator', PolicyName: 'create', PolicyDocument: allow('iam:CreateRole') }));
      const asCreator = new IAMClient(emu.configFor(await creds(iamA, 'creator')));
      const tagged = { RoleName: 'tagged', AssumeRolePolicyDocument: trust({ AWS: A }), Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }] };
      expect(await awsError(asCreator.send(new CreateRoleCommand(tagged)))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/creator is not authorized to perform: iam:TagRole on resource: arn:aws:iam::${A}:role/tagged because no identity-based policy allows the iam:TagRole action`,
      });
      expect((await asCreator.send(new CreateRoleCommand({ RoleName: 'untagged', AssumeRolePolicyDocument: trust({ AWS: A }) }))).Role?.RoleName).toBe('untagged');
      await iamA.send(new PutUserPolicyCommand({ UserName: 'creator', PolicyName: 'create', PolicyDocument: allow(['iam:CreateRole', 'iam:TagRole']) }));
      expect((await asCreator.send(new CreateRoleCommand(tagged))).Role?.Tags).toEqual([{ Key: 'lambda:createdBy', Value: 'SAM' }]);
    });

    it('names an explicit deny', async () => {
      await iamA.send(new CreateUserCommand({ UserName: 'denied' }));
      await iamA.send(new AttachUserPolicyCommand({ UserName: 'denied', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'denied', PolicyName: 'no-users', PolicyDocument: doc([{ Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' }]) }));
      const asDenied = new IAMClient(emu.configFor(await creds(iamA, 'denied')));
      expect(await awsError(asDenied.send(new DeleteUserCommand({ UserName: 'x' })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/denied is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::${A}:user/x with an explicit deny in an identity-based policy`,
      });
    });

    it('limits an assumed role to its session policy', async () => {
      await iamB.send(new CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      await iamB.send(new AttachRolePolicyCommand({ RoleName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await iamA.send(new CreateUserCommand({ UserName: 'assumer' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
      const sts = new STSClient(emu.configFor(await creds(iamA, 'assumer')));
      const out = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/admin`, RoleSessionName: 'narrow', Policy: allow('iam:ListRoles') }),
      );
      expect(out.PackedPolicySize).toBeGreaterThan(0);
      const session = new IAMClient(
        emu.configFor({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }),
      );
      expect((await session.send(new ListRolesCommand({}))).Roles?.length).toBeGreaterThan(0);
      expect(await awsError(session.send(new ListUsersCommand({})))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:sts::${B}:assumed-role/admin/narrow is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${B}:user/ because no session policy allows the iam:ListUsers action`,
      });
      // Without a session policy the same role may do anything.
      const full = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/admin`, RoleSessionName: 'full' }));
      const fullSession = new IAMClient(
        emu.configFor({ accessKeyId: full.Credentials!.AccessKeyId!, secretAccessKey: full.Credentials!.SecretAccessKey!, sessionToken: full.Credentials!.SessionToken! }),
      );
      expect((await fullSession.send(new ListUsersCommand({}))).Users).toEqual([]);
    });
  });

  it('sends only operations the IAM service declares', () => expectOnlyDeclared(exercised));
});
