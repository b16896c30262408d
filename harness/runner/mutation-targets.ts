/**
 * What the mutations (mutations.ts, mutations-add.ts, mutations-pipeline.ts) act on, read from the hand-off's names:
 * the accounts and roles of the pipeline's cross-account actions, who a principal in a policy is, the policy
 * documents' shape (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html), and the
 * artifact key's and bucket's policies as the pipeline account reads them.
 */
import { GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import type { HandoffNames } from './names.js';
import type { WorldHandle } from './scenario.js';

/** Who a principal is, from the names: an account (any principal in it), a role, or a service. */
export type PrincipalRef = 'pipeline-account' | 'target-account' | 'pipeline-role' | 'action-role' | { service: string } | { arn: string };

/** Which role a mutation edits. */
export type RoleRef = 'pipeline' | 'action' | 'deploy';

export interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  [k: string]: unknown;
}

export interface PolicyDoc {
  Version?: string;
  Statement: Statement | Statement[];
}

const ACCOUNT_OF_ARN = /^arn:aws:[a-z0-9-]+::(\d{12}):/;
export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const unique = (xs: string[]): string[] => [...new Set(xs.filter((x) => x))];
export const statements = (d: PolicyDoc): Statement[] => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);
export const isEmpty = (d: PolicyDoc): boolean => statements(d).length === 0;
export const roleName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
export const accountOf = (arn: string): string => ACCOUNT_OF_ARN.exec(arn)?.[1] ?? '';
/** IAM returns policy documents URL-encoded. */
export const parsePolicy = (encoded: string | undefined): PolicyDoc => JSON.parse(decodeURIComponent(encoded ?? '')) as PolicyDoc;

/** The accounts every cross-account deploy action deploys to. */
export function targetAccounts(n: HandoffNames): string[] {
  return unique([n.targetAccount, ...n.targets.map((t) => t.targetAccount)]);
}

export function actionRoles(n: HandoffNames): string[] {
  return unique([n.actionRoleArn, ...n.targets.map((t) => t.actionRoleArn)]);
}

export function rolesOf(n: HandoffNames, role: RoleRef): string[] {
  if (role === 'pipeline') return [n.pipelineRoleArn];
  if (role === 'action') return actionRoles(n);
  return unique([n.deployRoleArn, ...n.targets.filter((t) => t.provider === 'CloudFormation').map((t) => t.deployRoleArn)]);
}

/** Whether one principal value (an ARN, an account id, a service) is the principal meant. */
export function principalMatcher(n: HandoffNames, who: PrincipalRef): (value: string) => boolean {
  if (typeof who === 'object' && 'service' in who) return (v) => v === who.service;
  if (typeof who === 'object') return (v) => v === who.arn;
  if (who === 'pipeline-role') return (v) => v === n.pipelineRoleArn;
  if (who === 'action-role') {
    const roles = actionRoles(n);
    return (v) => roles.includes(v);
  }
  // An account: its root, its bare id, or any of its principals.
  const accounts = who === 'pipeline-account' ? [n.pipelineAccount] : targetAccounts(n);
  return (v) => accounts.includes(v) || accounts.includes(accountOf(v));
}

/** The Principal element naming the principal meant (an account by its root). */
export function principalElement(n: HandoffNames, who: PrincipalRef): Record<string, string | string[]> {
  if (typeof who === 'object' && 'service' in who) return { Service: who.service };
  if (typeof who === 'object') return { AWS: who.arn };
  if (who === 'pipeline-role') return { AWS: n.pipelineRoleArn };
  if (who === 'action-role') return { AWS: actionRoles(n) };
  const accounts = who === 'pipeline-account' ? [n.pipelineAccount] : targetAccounts(n);
  return { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) };
}

export function describePrincipal(who: PrincipalRef): string {
  if (typeof who === 'object') return 'service' in who ? who.service : who.arn;
  return `the ${who.replace('-', ' ')}`;
}

/** Whether an IAM action pattern (wildcards, any case) covers the action. */
export function covers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/** The artifact bucket's policy (none when it has none), and the client that reads and writes it. */
export async function bucketPolicy(world: WorldHandle): Promise<{ s3: S3Client; doc?: PolicyDoc }> {
  const s3 = new S3Client(world.clientConfig(world.names.pipelineAccount));
  try {
    const out = await s3.send(new GetBucketPolicyCommand({ Bucket: world.names.artifactBucket }));
    return { s3, doc: JSON.parse(out.Policy ?? '') as PolicyDoc };
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchBucketPolicy') return { s3 };
    throw e;
  }
}

/** The artifact key's policy (none without a customer-managed key), and the client that reads and writes it. */
export async function keyPolicy(world: WorldHandle): Promise<{ kms: KMSClient; doc?: PolicyDoc }> {
  const kms = new KMSClient(world.clientConfig(world.names.pipelineAccount));
  if (!world.names.keyArn) return { kms };
  const out = await kms.send(new GetKeyPolicyCommand({ KeyId: world.names.keyArn, PolicyName: 'default' }));
  return { kms, doc: JSON.parse(out.Policy ?? '') as PolicyDoc };
}
