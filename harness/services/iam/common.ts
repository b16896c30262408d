/**
 * Shared pieces of the IAM operations: name and path rules, ARNs and policy-document checks. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
import { validatePolicy } from '../../iam/index.js';
import { iamPolicyDialect } from './policy-dialect.js';
import type { PolicyRole } from '../../iam/types.js';
import type { Account } from '../../world/world.js';
import { policyRefusal } from '../param-errors.js';
import { int, str } from '../params.js';
import type { OperationContext } from '../types.js';
import { AccessDenied, InvalidInput, MalformedPolicyDocument } from './errors.js';
import { checkedTags, DUPLICATE_TAG_KEYS } from './tag-rules.js';
import { iamStore, type IamStore, type Tag } from './store.js';
import { missingPrincipal } from './validate-principals.js';

export const NAME = { min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' };
export const POLICY_NAME = { min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' };
export const PATH = { min: 1, max: 512, pattern: /^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };

export function name<T extends object>(input: T, member: keyof T & string, rule = NAME): string {
  return str('ValidationError', input, member, { required: true, ...rule });
}

export function path(input: { Path?: string }): string {
  return str('ValidationError', input, 'Path', PATH) ?? '/';
}

export function accountOf(ctx: OperationContext): Account {
  const id = ctx.principal.account;
  const account = id ? ctx.world.account(id) : undefined;
  if (!account) throw AccessDenied('IAM requires credentials of a principal in one of the emulated accounts');
  return account;
}

export function storeOf(ctx: OperationContext): IamStore {
  return iamStore(accountOf(ctx));
}

export function arnOf(account: string, kind: 'role' | 'user' | 'group' | 'policy', p: string, n: string): string {
  return `arn:aws:iam::${account}:${kind}${p}${n}`;
}

/** Tags as IAM checks them (tag-rules.ts): the model's constraints, then keys that differ only in case. */
export function tags(input: { Tags?: Array<{ Key?: string; Value?: string }> }): Tag[] {
  return checkedTags(input.Tags, () => InvalidInput(DUPLICATE_TAG_KEYS));
}

/**
 * Checks a document as IAM does when it is written. The engine words syntax, principal and size failures; the size
 * quota depends on where the document goes (managed 6,144, inline role 10,240, inline user 2,048, inline group 5,120, trust 2,048:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); an inline quota is on the sum of the
 * entity's inline policies, so `otherInline` holds the ones the new document does not replace. Two checks only the service can make:
 * a trust policy that is not JSON ("This policy contains invalid Json", recorded against AWS in localstack's
 * test_iam_roles.snapshot.json, test_update_assume_role_policy_errors; identity policies say "Syntax errors in
 * policy."), and a trust policy naming a role or user that does not exist.
 */
export function checkDocument(
  ctx: OperationContext,
  doc: string,
  kind: 'trust' | 'inlineRole' | 'inlineUser' | 'inlineGroup' | 'managed',
  entityName?: string,
  otherInline?: readonly string[],
): void {
  const role: PolicyRole = kind === 'trust' ? 'trust' : 'identity';
  if (kind === 'trust' && !isJson(doc)) throw MalformedPolicyDocument('This policy contains invalid Json');
  const identityKind = kind === 'inlineRole' ? 'inline-role' : kind === 'inlineUser' ? 'inline-user' : kind === 'inlineGroup' ? 'inline-group' : 'managed';
  const failure = validatePolicy(doc, iamPolicyDialect({ identityKind, entityName, otherInline }), role);
  if (failure) throw policyRefusal(failure);
  if (kind === 'trust') {
    const missing = missingPrincipal(ctx.world, doc);
    if (missing) throw MalformedPolicyDocument(`Invalid principal in policy: "AWS":"${missing}"`);
  }
}

function isJson(doc: string): boolean {
  try {
    JSON.parse(doc);
    return true;
  } catch {
    return false;
  }
}

export function encodeDoc(doc: string): string {
  return encodeURIComponent(doc);
}

export function marker<T>(items: T[], input: { Marker?: string; MaxItems?: number }): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const max = int('ValidationError', input, 'MaxItems', { min: 1, max: 1000 }) ?? 100;
  const start = input.Marker !== undefined && /^\d+$/.test(input.Marker) ? Number(input.Marker) : 0;
  const page = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return { page, IsTruncated: truncated, Marker: truncated ? String(start + max) : undefined };
}
