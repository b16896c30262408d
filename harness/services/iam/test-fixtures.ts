/**
 * Test fixtures for the IAM service tests: policy documents, an emulator with root clients for two accounts, access
 * keys made with real IAM calls, and the bookkeeping that proves every operation the service declares is exercised
 * by the test file of its subject (roles, users, groups, inline and managed policies, attachments).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 */
import { CreateAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import { expect } from 'vitest';
import { startEmulator, type Credentials, type RunningEmulator } from '../../index.js';
import { iamService } from './service.js';

export const A = '111111111111';
export const B = '222222222222';

export const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*') => doc([{ Effect: 'Allow', Action: action, Resource: resource }]);
export const trust = (principal: object) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);

/** A policy document of at least `chars` characters (none of them whitespace). */
export function bigPolicy(chars: number): string {
  const resources: string[] = [];
  let text = allow('s3:GetObject', resources);
  while (text.length < chars) {
    resources.push(`arn:aws:s3:::bucket-${String(resources.length).padStart(6, '0')}/k/*`);
    text = allow('s3:GetObject', resources);
  }
  return text;
}

/** IAM returns policy documents URL-encoded. */
export const decoded = (s: string | undefined) => JSON.parse(decodeURIComponent(s ?? '')) as unknown;

export async function creds(iam: IAMClient, userName: string): Promise<Credentials> {
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
}

/** The operations each subject's test file is the test of; together, every operation the service declares. */
export const SUBJECTS = {
  roles: ['CreateRole', 'GetRole', 'ListRoles', 'UpdateRole', 'UpdateAssumeRolePolicy', 'TagRole', 'ListRoleTags', 'UntagRole', 'DeleteRole'],
  'inline-policies': ['PutRolePolicy', 'GetRolePolicy', 'ListRolePolicies', 'DeleteRolePolicy', 'PutUserPolicy', 'GetUserPolicy', 'ListUserPolicies', 'DeleteUserPolicy'],
  'managed-policies': ['CreatePolicy', 'GetPolicy', 'ListPolicies', 'CreatePolicyVersion', 'GetPolicyVersion', 'ListPolicyVersions', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy'],
  attachments: [
    'AttachRolePolicy',
    'ListAttachedRolePolicies',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'ListAttachedUserPolicies',
    'DetachUserPolicy',
    'PutUserPermissionsBoundary',
    'DeleteUserPermissionsBoundary',
    'PutRolePermissionsBoundary',
    'DeleteRolePermissionsBoundary',
  ],
  users: ['CreateUser', 'GetUser', 'ListUsers', 'DeleteUser', 'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey'],
  groups: [
    'CreateGroup',
    'GetGroup',
    'ListGroups',
    'UpdateGroup',
    'DeleteGroup',
    'AddUserToGroup',
    'RemoveUserFromGroup',
    'ListGroupsForUser',
    'PutGroupPolicy',
    'GetGroupPolicy',
    'ListGroupPolicies',
    'DeleteGroupPolicy',
    'AttachGroupPolicy',
    'ListAttachedGroupPolicies',
    'DetachGroupPolicy',
  ],
} satisfies Record<string, string[]>;

function track(client: IAMClient, exercised: Set<string>): IAMClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      exercised.add(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'trackOperations' },
  );
  return client;
}

export interface IamTestBed {
  emu: RunningEmulator;
  /** Root of account A; its calls are recorded in the file's exercised set. */
  iamA: IAMClient;
  /** Root of account B; its calls are recorded in the file's exercised set. */
  iamB: IAMClient;
}

export async function startIamTestBed(transport: 'in-process' | 'http', exercised: Set<string>): Promise<IamTestBed> {
  const emu = await startEmulator({ transport });
  return { emu, iamA: track(new IAMClient(emu.clientConfig(A)), exercised), iamB: track(new IAMClient(emu.clientConfig(B)), exercised) };
}

/** Every operation the file sent is one the service declares. */
export function expectOnlyDeclared(exercised: Set<string>): void {
  expect([...exercised].filter((op) => !Object.hasOwn(iamService.operations, op))).toEqual([]);
}

/** Every operation the file sent is one the service declares, and the file sent every operation of its subject. */
export function expectSubjectExercised(subject: keyof typeof SUBJECTS, exercised: Set<string>): void {
  expectOnlyDeclared(exercised);
  expect(SUBJECTS[subject].filter((op) => !exercised.has(op)).sort()).toEqual([]);
}
