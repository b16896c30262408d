/**
 * KMS grants as what stands in for a policy Allow: when the key policy and the caller's IAM policies leave a request
 * undecided, a grant on the key whose grantee is the caller (the exact ARN, the role of a role session, or the
 * service principal), whose operations include the operation and whose constraints match the request's encryption
 * context allows it on its own: grants need no IAM policy, also across accounts.
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html (grant constraints)
 * When no grant allows, the denial says which grants were considered and why each did not apply, and what grant
 * would. Deviation: an explicit Deny in the caller's IAM policies or the key policy also defeats a grant here (core
 * consults a stand-in only for an implicit deny).
 */
import type { StandIn } from '../types.js';
import type { Principal } from '../../world/principal.js';
import type { EncryptionContext } from './crypto.js';
import type { GrantRecord, KeyRecord } from './store.js';

export function granteeMatches(grantee: string | undefined, p: Principal): boolean {
  if (!grantee) return false;
  if (grantee === p.arn) return true;
  if (p.type === 'AssumedRole' && p.roleArn === grantee) return true;
  return p.type === 'Service' && (p.service ?? p.arn) === grantee;
}

/** The grantee a grant for this caller would name: a role session's role, a service's principal, else the ARN. */
function granteeFor(p: Principal): string {
  if (p.type === 'AssumedRole' && p.roleArn) return p.roleArn;
  if (p.type === 'Service') return p.service ?? p.arn;
  return p.arn;
}

const shown = (context: EncryptionContext) => JSON.stringify(Object.fromEntries(Object.entries(context)));

/** Why the grant's constraints refuse the request's encryption context, or undefined when they match. */
function constraintMismatch(g: GrantRecord, context: EncryptionContext | undefined): string | undefined {
  const c = g.Constraints;
  if (!c) return undefined;
  const given = context ?? {};
  const has = (k: string) => Object.hasOwn(given, k);
  if (c.EncryptionContextEquals) {
    const want = c.EncryptionContextEquals;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(given).length || !keys.every((k) => has(k) && given[k] === want[k])) {
      return `requires the encryption context to equal ${shown(want)}, the request has ${shown(given)}`;
    }
  }
  if (c.EncryptionContextSubset) {
    const want = c.EncryptionContextSubset;
    if (!Object.entries(want).every(([k, v]) => has(k) && given[k] === v)) {
      return `requires the encryption context to include ${shown(want)}, the request has ${shown(given)}`;
    }
  }
  return undefined;
}

/** Why the grant does not let the caller perform `operation`: every reason, or none when it does. */
function reasonsAgainst(g: GrantRecord, p: Principal, operation: string, context: EncryptionContext | undefined): string[] {
  const reasons: string[] = [];
  if (!granteeMatches(g.GranteePrincipal, p)) reasons.push(`its grantee is ${g.GranteePrincipal}, not the caller`);
  if (!g.Operations.includes(operation)) reasons.push(`it allows ${g.Operations.join(', ')}, not ${operation}`);
  const constraint = constraintMismatch(g, context);
  if (constraint) reasons.push(`it ${constraint}`);
  return reasons;
}

/** The grant that lets the caller perform `operation` on the key, if any. */
function matchingGrant(p: Principal, key: KeyRecord, operation: string, context?: EncryptionContext): GrantRecord | undefined {
  return key.grants.find((g) => reasonsAgainst(g, p, operation, context).length === 0);
}

export function grantStandIn(p: Principal, key: KeyRecord, operation: string, context: EncryptionContext | undefined): StandIn {
  if (matchingGrant(p, key, operation, context)) return { allows: true };
  const considered = key.grants.map((g) => `grant ${g.Name ? `"${g.Name}" ` : ''}${g.GrantId}: ${reasonsAgainst(g, p, operation, context).join('; ')}`);
  const why =
    considered.length === 0
      ? `No grant stands in: the key ${key.Arn} has no grants.`
      : `No grant on the key ${key.Arn} allows ${operation} to the caller (${considered.join('. ')}).`;
  return { allows: false, why, fix: `create a grant on ${key.Arn} for ${granteeFor(p)} with operation ${operation}` };
}
