/**
 * What the mutations (mutations.ts, mutations-pipeline.ts) act on, read from the hand-off's names: the accounts and
 * roles of the pipeline's cross-account actions, who a principal in a policy is, and the policy documents' shape
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html).
 */
import type { HandoffNames } from './names.js';

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
