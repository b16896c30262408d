/**
 * The authorization an operation on a KMS key declares.
 * https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html
 *
 * Every key operation declares `kms:<Op>` on the key ARN with the key policy as a `key` resource policy (a
 * mandatory gate: the engine requires the key policy to allow, directly or by delegating to the account) and the
 * KMS context keys: kms:CallerAccount, kms:EncryptionContext:<k>, kms:EncryptionContextKeys, kms:RequestAlias,
 * kms:ResourceAliases, plus per-operation keys (kms:GrantOperations, kms:BypassPolicyLockoutSafetyCheck…).
 * Operations a grant can allow carry the grants as what stands in for a policy Allow (grant-stand-in.ts); core
 * evaluates both, so every refusal, a grant's included, is recorded and explained in one place.
 * Deviation: an explicit Deny in the caller's IAM policies or the key policy also defeats a grant here.
 */
import type { ContextValue } from '../../iam/types.js';
import type { AuthCheck, OperationContext } from '../types.js';
import type { EncryptionContext } from './crypto.js';
import { grantStandIn } from './grant-stand-in.js';
import { kmsStoreOf, type KeyRecord } from './store.js';

export interface KeyAuth {
  key: KeyRecord;
  /** Operation name without the `kms:` prefix (Decrypt, ReEncryptFrom…). */
  action: string;
  encryptionContext?: EncryptionContext;
  /** Alias the caller named the key by. */
  alias?: string;
  extra?: Record<string, ContextValue>;
  /** Whether a grant for `action` may allow what the policies leave undecided (the grant operations). */
  grantable?: boolean;
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
    resourcePolicy: { kind: 'key', name: a.key.Arn, document: a.key.Policy, ...(a.key.KeyManager === 'AWS' ? { awsManaged: true } : {}) },
    ...(a.grantable ? { standIn: () => grantStandIn(ctx.principal, a.key, a.action, a.encryptionContext) } : {}),
  };
}

/** Identity-only check for actions on '*' or on an alias ARN (no key policy involved). */
export function plainCheck(ctx: OperationContext, action: string, resource: string, extra: Record<string, ContextValue> = {}): AuthCheck {
  return { action: `kms:${action}`, resource, context: { ...kmsContext(ctx), ...extra } };
}
