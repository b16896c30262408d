/**
 * GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. Every key has exactly one policy, named "default".
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 * A policy is stored and returned verbatim; PutKeyPolicy validates like CreateKey (see key-policy-validate.ts).
 * AWS managed keys (aws/s3) refuse PutKeyPolicy through their own policy, which grants nobody kms:PutKeyPolicy:
 * the caller gets AccessDeniedException "… because no resource-based policy allows the kms:PutKeyPolicy action".
 * Known deviation: a PolicyName other than "default" is answered with NotFoundException "No such policy exists"
 * (wording not recorded).
 */
import type { GetKeyPolicyCommandOutput, ListKeyPoliciesCommandOutput } from '@aws-sdk/client-kms';
import { bool, str } from '../params.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { AwsError } from '../../core/errors.js';
import { OWN_KEY, resolveKey } from './identifiers.js';
import { authorizeKey } from './key-auth.js';
import { checkKeyPolicy } from './key-policy-validate.js';
import { keyIdParam, type Input } from './params.js';
import type { KeyRecord } from './store.js';

const POLICY_NAME = { min: 1, max: 128, pattern: /^[\w]+$/, patternText: '[\\w]+' };

function policyName(input: Input, required: boolean): string {
  const name = str('ValidationException', input, 'PolicyName', { ...POLICY_NAME, required }) ?? 'default';
  if (name !== 'default') throw new AwsError('NotFoundException', 400, 'No such policy exists');
  return name;
}

function ownKey(ctx: OperationContext, input: Input): KeyRecord {
  return resolveKey(ctx, keyIdParam(input), OWN_KEY).key;
}

const GetKeyPolicy: Operation<Input, Out<GetKeyPolicyCommandOutput>> = {
  authorize(ctx, input) {
    authorizeKey(ctx, { key: ownKey(ctx, input), action: 'GetKeyPolicy' });
    return undefined;
  },
  handler(ctx, input) {
    const name = policyName(input, false);
    return { Policy: ownKey(ctx, input).Policy, PolicyName: name };
  },
};

const PutKeyPolicy: Operation<Input, Out<object>> = {
  authorize(ctx, input) {
    const bypass = bool(input, 'BypassPolicyLockoutSafetyCheck') ?? false;
    authorizeKey(ctx, { key: ownKey(ctx, input), action: 'PutKeyPolicy', extra: { 'kms:BypassPolicyLockoutSafetyCheck': String(bypass) } });
    return undefined;
  },
  handler(ctx, input) {
    policyName(input, false);
    const policy = str('ValidationException', input, 'Policy', { required: true, min: 1, max: 131072 });
    const key = ownKey(ctx, input);
    checkKeyPolicy(ctx, policy, { keyArn: key.Arn, account: key.account }, bool(input, 'BypassPolicyLockoutSafetyCheck') ?? false);
    key.Policy = policy;
    return {};
  },
};

const ListKeyPolicies: Operation<Input, Out<ListKeyPoliciesCommandOutput>> = {
  authorize(ctx, input) {
    authorizeKey(ctx, { key: ownKey(ctx, input), action: 'ListKeyPolicies' });
    return undefined;
  },
  handler(ctx, input) {
    ownKey(ctx, input);
    return { PolicyNames: ['default'], Truncated: false };
  },
};

export const keyPolicyOperations: Record<string, Operation> = { GetKeyPolicy, PutKeyPolicy, ListKeyPolicies };
