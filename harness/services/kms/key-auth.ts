/**
 * Authorization of an operation on a KMS key.
 * https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 *
 * Every key operation declares `kms:<Op>` on the key ARN with the key policy as a `key` resource policy (a
 * mandatory gate: the engine requires the key policy to allow, directly or by delegating to the account) and the
 * KMS context keys: kms:CallerAccount, kms:EncryptionContext:<k>, kms:EncryptionContextKeys, kms:RequestAlias,
 * kms:ResourceAliases, plus per-operation keys (kms:GrantOperations, kms:BypassPolicyLockoutSafetyCheck…).
 *
 * Grants are modelled as extra Allows checked alongside the key policy: when the policy engine does not allow and
 * did not find an explicit Deny, a grant on the key whose grantee is the caller (the exact ARN, the role of a role
 * session, or the service principal), whose operations include the operation and whose constraints match the
 * request's encryption context allows the request on its own — grants need no IAM policy, also across accounts.
 * Deviation: an explicit Deny in the caller's IAM policies or the key policy also defeats a grant here.
 */
import type { ContextValue } from '../../iam/types.js';
import type { AuthCheck, OperationContext } from '../types.js';
import type { EncryptionContext } from './crypto.js';
import { kmsDenial } from './errors.js';
import { kmsStoreOf, type GrantRecord, type KeyRecord } from './store.js';
import type { Principal } from '../../world/principal.js';

export interface KeyAuth {
  key: KeyRecord;
  /** Operation name without the `kms:` prefix (Decrypt, ReEncryptFrom…). */
  action: string;
  encryptionContext?: EncryptionContext;
  /** Alias the caller named the key by. */
  alias?: string;
  extra?: Record<string, ContextValue>;
}

function aliasesOf(ctx: OperationContext, key: KeyRecord): string[] {
  const store = kmsStoreOf(ctx.world, key.account, key.region);
  if (!store) return [];
  return [...store.aliases.values()].filter((a) => a.TargetKeyId === key.KeyId).map((a) => a.AliasName);
}

export function kmsContext(ctx: OperationContext): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  if (ctx.principal.account) context['kms:CallerAccount'] = ctx.principal.account;
  return context;
}

export function keyCheck(ctx: OperationContext, a: KeyAuth): AuthCheck {
  const context = kmsContext(ctx);
  if (a.encryptionContext && Object.keys(a.encryptionContext).length > 0) {
    for (const [k, v] of Object.entries(a.encryptionContext)) context[`kms:EncryptionContext:${k}`] = v;
    context['kms:EncryptionContextKeys'] = Object.keys(a.encryptionContext);
  }
  if (a.alias) context['kms:RequestAlias'] = a.alias;
  const aliases = aliasesOf(ctx, a.key);
  if (aliases.length > 0) context['kms:ResourceAliases'] = aliases;
  Object.assign(context, a.extra);
  return {
    action: `kms:${a.action}`,
    resource: a.key.Arn,
    resourceAccount: a.key.account,
    context,
    resourcePolicy: { kind: 'key', name: a.key.Arn, document: a.key.Policy },
  };
}

export function granteeMatches(grantee: string | undefined, p: Principal): boolean {
  if (!grantee) return false;
  if (grantee === p.arn) return true;
  if (p.type === 'AssumedRole' && p.roleArn === grantee) return true;
  return p.type === 'Service' && (p.service ?? p.arn) === grantee;
}

function constraintsMatch(g: GrantRecord, context: EncryptionContext | undefined): boolean {
  const c = g.Constraints;
  if (!c) return true;
  const given = context ?? {};
  if (c.EncryptionContextEquals) {
    const want = c.EncryptionContextEquals;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(given).length) return false;
    if (!keys.every((k) => given[k] === want[k])) return false;
  }
  if (c.EncryptionContextSubset) {
    for (const [k, v] of Object.entries(c.EncryptionContextSubset)) if (given[k] !== v) return false;
  }
  return true;
}

/** The grant that lets the caller perform `operation` on the key, if any. */
export function matchingGrant(p: Principal, key: KeyRecord, operation: string, context?: EncryptionContext): GrantRecord | undefined {
  return key.grants.find((g) => g.Operations.includes(operation) && granteeMatches(g.GranteePrincipal, p) && constraintsMatch(g, context));
}

/**
 * Authorizes `a` against the key policy and the caller's IAM policies; a matching grant for `grantOperation`
 * allows what the policies leave undecided. Throws KMS's AccessDeniedException otherwise.
 */
export function authorizeKey(ctx: OperationContext, a: KeyAuth, grantOperation?: string): void {
  const { request, decision } = ctx.decide(keyCheck(ctx, a));
  if (decision.decision === 'allowed') return;
  if (grantOperation && decision.decision === 'implicitDeny' && matchingGrant(ctx.principal, a.key, grantOperation, a.encryptionContext)) return;
  ctx.noteDenial(request, decision);
  throw kmsDenial(request, decision);
}

/** Identity-only check for actions on '*' or on an alias ARN (no key policy involved). */
export function authorizePlain(ctx: OperationContext, action: string, resource: string, extra: Record<string, ContextValue> = {}): void {
  ctx.authorize({ action: `kms:${action}`, resource, context: { ...kmsContext(ctx), ...extra } });
}
