/**
 * What AssumeRole and GetFederationToken share: the session policy passed as Policy and PolicyArns, the packed size
 * reported for it, and the issuing of temporary credentials for a new session.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 * Known deviation: PackedPolicySize is an estimate (AWS's packing is not published), see service.ts.
 */
import type { PolicyDescriptorType } from '@aws-sdk/client-sts';
import { validatePolicy } from '../../iam/index.js';
import type { NamedPolicy } from '../../iam/types.js';
import { uniqueId, secretKey, sessionToken } from '../../world/ids.js';
import type { Principal } from '../../world/principal.js';
import { defaultVersionDocument, findManagedPolicy } from '../iam/store.js';
import { IAM_POLICY_DIALECT } from '../iam/policy-dialect.js';
import { policyRefusal } from '../param-errors.js';
import { str } from '../params.js';
import type { OperationContext } from '../types.js';
import { NoSuchEntity, ValidationError } from './errors.js';

export interface SessionPolicyInput {
  Policy?: string;
  PolicyArns?: PolicyDescriptorType[];
}

/** The session policies a request passes; `operation` names the inline one in explanations. */
export function sessionPolicies(ctx: OperationContext, input: SessionPolicyInput, operation: string): NamedPolicy[] {
  const policies: NamedPolicy[] = [];
  const inline = str('ValidationError', input, 'Policy', { min: 1, max: 2048 });
  if (inline !== undefined) {
    const failure = validatePolicy(inline, IAM_POLICY_DIALECT, 'identity');
    if (failure) throw policyRefusal(failure);
    policies.push({ name: `session policy (${operation} Policy)`, document: inline });
  }
  for (const { arn } of input.PolicyArns ?? []) {
    const p = arn ? findManagedPolicy(ctx.world, arn) : undefined;
    if (!arn || !p) throw NoSuchEntity(`Policy ${arn ?? ''} does not exist or is not attachable.`);
    policies.push({ name: `session policy ${arn}`, document: defaultVersionDocument(p) });
  }
  if (policies.length > 10) throw ValidationError('The number of policy ARNs passed in exceeds the maximum allowed (10).');
  return policies;
}

/** Percent of the packed-policy allowance the inline policy uses (an estimate). */
export function packedPolicySize(input: SessionPolicyInput): number {
  return Math.min(100, Math.ceil((JSON.stringify(input.Policy ?? '').length / 2048) * 100));
}

export function issue(ctx: OperationContext, principal: Principal, durationSeconds: number) {
  const accessKeyId = uniqueId('ASIA');
  const secret = secretKey();
  const token = sessionToken();
  const expiration = new Date(ctx.now().getTime() + durationSeconds * 1000);
  expiration.setMilliseconds(0);
  ctx.world.credentials.put({ accessKeyId, secretAccessKey: secret, sessionToken: token, expiration, principal, createDate: ctx.now() });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: expiration };
}
