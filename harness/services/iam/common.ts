/**
 * Shared pieces of the IAM operations: name and path rules, ARNs, IAM's not-found and conflict wording, and
 * policy-document checks. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
import { AwsError } from '../../core/errors.js';
import { validatePolicy } from '../../iam/index.js';
import type { PolicyRole } from '../../iam/types.js';
import type { Account } from '../../world/world.js';
import { list, str } from '../params.js';
import type { OperationContext } from '../types.js';
import { iamStore, type IamStore, type Tag } from './store.js';
import { missingPrincipal } from './validate-principals.js';

export type Input = Record<string, unknown>;

export const NAME = { min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' };
export const POLICY_NAME = { min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' };
export const PATH = { min: 1, max: 512, pattern: /^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };

export function name(input: Input, member: string, rule = NAME): string {
  return str('ValidationError', input, member, { required: true, ...rule });
}

export function path(input: Input, member = 'Path'): string {
  return str('ValidationError', input, member, PATH) ?? '/';
}

export function accountOf(ctx: OperationContext): Account {
  const id = ctx.principal.account;
  const account = id ? ctx.world.account(id) : undefined;
  if (!account) throw new AwsError('AccessDenied', 403, 'IAM requires credentials of a principal in one of the emulated accounts');
  return account;
}

export function storeOf(ctx: OperationContext): IamStore {
  return iamStore(accountOf(ctx));
}

export function arnOf(account: string, kind: 'role' | 'user' | 'policy', p: string, n: string): string {
  return `arn:aws:iam::${account}:${kind}${p}${n}`;
}

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntity', 404, message);
}

export function alreadyExists(message: string): AwsError {
  return new AwsError('EntityAlreadyExists', 409, message);
}

export function tags(input: Input): Tag[] {
  return list<Record<string, string>>(input, 'Tags').map((t) => ({ Key: String(t['Key']), Value: String(t['Value'] ?? '') }));
}

/** Size limits in characters (whitespace excluded by IAM): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
const SIZE_LIMITS: Record<string, number> = { trust: 2048, inlineRole: 10240, inlineUser: 2048, managed: 6144 };

export function checkDocument(ctx: OperationContext, member: string, doc: string, kind: 'trust' | 'inlineRole' | 'inlineUser' | 'managed'): void {
  const role: PolicyRole = kind === 'trust' ? 'trust' : 'identity';
  const failure = validatePolicy(doc, 'iam', role);
  if (failure) throw new AwsError(failure.code, failure.status, failure.message);
  const size = doc.replace(/\s+/g, '').length;
  const limit = SIZE_LIMITS[kind]!;
  if (size > limit) {
    const what = kind === 'trust' ? 'ACLSizePerRole' : kind === 'managed' ? 'PolicySize' : kind === 'inlineRole' ? 'RolePolicySize' : 'UserPolicySize';
    throw new AwsError('LimitExceeded', 409, `Cannot exceed quota for ${what}: ${limit}`);
  }
  if (kind === 'trust') {
    const missing = missingPrincipal(ctx.world, doc);
    if (missing) throw new AwsError('MalformedPolicyDocument', 400, `Invalid principal in policy: "AWS":"${missing}"`);
  }
  void member;
}

export function encodeDoc(doc: string): string {
  return encodeURIComponent(doc);
}

export function marker<T>(items: T[], input: Input): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const max = Number(input['MaxItems'] ?? 100);
  const start = Number(input['Marker'] ?? 0);
  const page = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return { page, IsTruncated: truncated, Marker: truncated ? String(start + max) : undefined };
}
