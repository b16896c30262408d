/**
 * GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. Every key has exactly one policy, named "default".
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 * A policy is stored and returned verbatim; PutKeyPolicy validates like CreateKey (see key-policy-validate.ts).
 * AWS managed keys (aws/s3) refuse PutKeyPolicy through their own policy, which grants nobody kms:PutKeyPolicy:
 * the caller gets AccessDeniedException "… because no resource-based policy allows the kms:PutKeyPolicy action".
 * Known deviation: a PolicyName other than "default" is answered with NotFoundException "No such policy exists"
 * (wording not recorded).
 */
import type { OperationContext } from '../types.js';
import { NotFoundException } from './errors.js';
import { OWN_KEY, resolveKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import { checkKeyPolicy } from './key-policy-validate.js';
import type { KmsOperation } from './operation-names.js';
import { keyIdParam, text } from './params.js';
import type { KeyRecord } from './store.js';

const POLICY_NAME = { min: 1, max: 128, pattern: /^[\w]+$/, patternText: '[\\w]+' };

function policyName(value: string | undefined): string {
  const name = text('PolicyName', value, POLICY_NAME) ?? 'default';
  if (name !== 'default') throw NotFoundException.policy();
  return name;
}

function ownKey(ctx: OperationContext, input: { KeyId?: string }): KeyRecord {
  return resolveKey(ctx, keyIdParam(input.KeyId), OWN_KEY).key;
}

const GetKeyPolicy: KmsOperation<'GetKeyPolicy', KeyRecord> = {
  resolve: ownKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'GetKeyPolicy' }),
  handler: (_ctx, input, key) => ({ PolicyName: policyName(input.PolicyName), Policy: key.Policy }),
};

const PutKeyPolicy: KmsOperation<'PutKeyPolicy', KeyRecord> = {
  resolve: ownKey,
  authorize: (ctx, input, key) =>
    keyCheck(ctx, { key, action: 'PutKeyPolicy', extra: { 'kms:BypassPolicyLockoutSafetyCheck': String(input.BypassPolicyLockoutSafetyCheck ?? false) } }),
  handler(ctx, input, key) {
    policyName(input.PolicyName);
    const policy = text('Policy', input.Policy, { required: true, min: 1, max: 131072 });
    checkKeyPolicy(ctx, policy, { keyArn: key.Arn, account: key.account }, input.BypassPolicyLockoutSafetyCheck ?? false);
    key.Policy = policy;
    return {};
  },
};

const ListKeyPolicies: KmsOperation<'ListKeyPolicies', KeyRecord> = {
  resolve: ownKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'ListKeyPolicies' }),
  handler: () => ({ PolicyNames: ['default'], Truncated: false }),
};

export const keyPolicyOperations = { GetKeyPolicy, PutKeyPolicy, ListKeyPolicies };
