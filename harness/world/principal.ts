/**
 * Principals as the request path knows them after verifying credentials.
 * Shapes follow STS GetCallerIdentity: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * - root:    arn:aws:iam::<acct>:root, UserId = <acct>
 * - user:    arn:aws:iam::<acct>:user/<path><name>, UserId = AIDA…
 * - session: arn:aws:sts::<acct>:assumed-role/<role>/<session> (no role path), UserId = AROA…:<session>
 * - federated user: arn:aws:sts::<acct>:federated-user/<name>, UserId = <acct>:<name> (GetFederationToken)
 * - service: a service principal such as codepipeline.amazonaws.com (only when the harness acts as a service)
 */
import type { NamedPolicy, PrincipalInfo } from '../iam/types.js';

export interface Principal extends PrincipalInfo {
  /** For role sessions. */
  roleName?: string;
  sessionName?: string;
  /** Session policy given to AssumeRole (Policy / PolicyArns), if any. */
  sessionPolicies?: NamedPolicy[];
  /** sts:ExternalId and other values the session was created with, for audit. */
  sourceIdentity?: string;
  /** Keys of the session tags that pass to sessions this one creates by role chaining. */
  transitiveTagKeys?: string[];
  /** For federated users (GetFederationToken): the IAM user whose policies the session intersects; absent for root. */
  federatedBy?: string;
}

export function rootPrincipal(account: string): Principal {
  return { arn: `arn:aws:iam::${account}:root`, type: 'Account', account, userId: account };
}

/** A service principal; `source` is the resource it acts for (aws:SourceArn, aws:SourceAccount), when it acts for one. */
export function servicePrincipal(service: string, source?: { arn: string; account: string }): Principal {
  return { arn: service, type: 'Service', service, ...(source ? { source } : {}) };
}

export function anonymousPrincipal(): Principal {
  return { arn: '*', type: 'Anonymous' };
}

export function sessionArn(account: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}
