/**
 * IAM's state in one account: roles, users, groups, managed policies and their attachments.
 * IAM is global per account (https://docs.aws.amazon.com/IAM/latest/UserGuide/intro-structure.html).
 * Documents are stored as the caller sent them (IAM returns them URL-encoded, as sent).
 */
import type { Account, World } from '../../world/world.js';
import { awsManagedPolicy } from './aws-managed-policies.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface RoleRecord {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags: Tag[];
  PermissionsBoundary?: string;
  inline: Map<string, string>;
  attached: Set<string>;
}

export interface UserRecord {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  Tags: Tag[];
  PermissionsBoundary?: string;
  inline: Map<string, string>;
  attached: Set<string>;
}

/** A group; its members by user name (IAM names users in group operations, and a user's name does not change here). */
export interface GroupRecord {
  GroupName: string;
  GroupId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  inline: Map<string, string>;
  attached: Set<string>;
  members: Set<string>;
}

export interface PolicyVersionRecord {
  VersionId: string;
  Document: string;
  IsDefaultVersion: boolean;
  CreateDate: Date;
}

export interface ManagedPolicyRecord {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: Date;
  UpdateDate: Date;
  DefaultVersionId: string;
  versions: PolicyVersionRecord[];
  nextVersion: number;
  Tags: Tag[];
}

export class IamStore {
  readonly roles = new Map<string, RoleRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly policies = new Map<string, ManagedPolicyRecord>();
}

export function iamStore(account: Account): IamStore {
  return account.store('iam', 'global', () => new IamStore());
}

/** A managed policy by ARN: the account's own, or an AWS-managed one. */
export function findManagedPolicy(world: World, arn: string): ManagedPolicyRecord | undefined {
  const aws = awsManagedPolicy(arn);
  if (aws) return aws;
  const m = /^arn:aws:iam::(\d{12}):policy\//.exec(arn);
  if (!m) return undefined;
  const account = world.account(m[1]!);
  return account ? iamStore(account).policies.get(arn) : undefined;
}

export function defaultVersionDocument(p: ManagedPolicyRecord): string {
  return p.versions.find((v) => v.VersionId === p.DefaultVersionId)!.Document;
}

/** Role by ARN (arn:aws:iam::<acct>:role/<path><name>); IAM looks roles up by name, paths do not take part. */
export function findRoleByArn(world: World, arn: string): RoleRecord | undefined {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return undefined;
  const account = world.account(m[1]!);
  if (!account) return undefined;
  const role = iamStore(account).roles.get(m[2]!);
  return role && role.Arn === arn ? role : undefined;
}

export function findUserByArn(world: World, arn: string): UserRecord | undefined {
  const m = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return undefined;
  const account = world.account(m[1]!);
  if (!account) return undefined;
  const user = iamStore(account).users.get(m[2]!);
  return user && user.Arn === arn ? user : undefined;
}

/** The groups `userName` is a member of, in the order they were created. */
export function groupsOfUser(store: IamStore, userName: string): GroupRecord[] {
  return [...store.groups.values()].filter((g) => g.members.has(userName));
}
