/**
 * STS GetFederationToken: temporary credentials of a federated user, arn:aws:sts::<acct>:federated-user/<Name>,
 * UserId `<acct>:<Name>`. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 * - Its permissions are the intersection of the calling IAM user's identity policies (and boundary) and the session
 *   policy passed as Policy/PolicyArns; without a session policy the federated user has none, except what a
 *   resource policy grants to its ARN directly (API_GetFederationToken.html, "Permissions").
 * - Called with the account root's credentials the session lasts at most one hour (DurationSeconds defaults to 12
 *   hours, 900 to 129,600); called with session credentials it is refused: 403 AccessDenied "Cannot call
 *   GetFederationToken with session credentials" (the wording users quote, e.g. jenkinsci's
 *   pipeline-cloudwatch-logs plugin, CloudWatchSender.java; no AWS-recorded response was found).
 * - The response shape follows the AWS-validated snapshot in localstack/localstack
 *   tests/aws/services/sts/test_sts.snapshot.json (test_get_federation_token): PackedPolicySize 0 without a policy.
 * The caller needs sts:GetFederationToken on the federated user's ARN (Service Authorization Reference, AWS STS:
 * resource type federated-user).
 */
import type * as sdk from '@aws-sdk/client-sts';
import type { GetFederationTokenCommandInput } from '@aws-sdk/client-sts';
import type { Principal } from '../../world/principal.js';
import { int, str } from '../params.js';
import type { SdkOperation } from '../sdk-model.js';
import type { OperationContext } from '../types.js';
import { AccessDenied } from './errors.js';
import { issue, packedPolicySize, sessionPolicies } from './sessions.js';
import { readSessionTags, sessionTagFields, tagContext, type SessionTags } from './session-tags.js';

const NAME = { required: true, min: 2, max: 32, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' } as const;
const ROOT_MAX = 3600;

/** A session policy that allows nothing: what a federated user without a passed policy holds. */
const NO_PERMISSIONS = { name: 'session policy (GetFederationToken passed none)', document: { Version: '2012-10-17', Statement: [] } };

interface FederationRequest {
  name: string;
  arn: string;
  duration: number;
  tags: SessionTags;
}

function readFederation(ctx: OperationContext, input: GetFederationTokenCommandInput): FederationRequest {
  const name = str('ValidationError', input, 'Name', NAME);
  const duration = int('ValidationError', input, 'DurationSeconds', { min: 900, max: 129600 }) ?? 43200;
  const p = ctx.principal;
  if (p.type === 'AssumedRole' || p.type === 'FederatedUser') throw AccessDenied('Cannot call GetFederationToken with session credentials');
  const tags = readSessionTags(p, input);
  return { name, arn: `arn:aws:sts::${p.account ?? ''}:federated-user/${name}`, duration, tags };
}

export const GetFederationToken: SdkOperation<typeof sdk, 'GetFederationToken', FederationRequest> = {
  resolve: readFederation,
  authorize: (ctx, _input, { arn, tags }) => ({
    action: 'sts:GetFederationToken',
    resource: arn,
    resourceAccount: ctx.principal.account,
    context: tagContext(tags),
  }),
  handler(ctx, input, { name, arn, duration, tags }) {
    const caller = ctx.principal;
    const account = caller.account!;
    const policies = sessionPolicies(ctx, input, 'GetFederationToken');
    const principal: Principal = {
      arn,
      type: 'FederatedUser',
      account,
      userId: `${account}:${name}`,
      sessionPolicies: policies.length > 0 ? policies : [NO_PERMISSIONS],
      ...sessionTagFields(tags),
    };
    if (caller.type === 'User' && caller.username) principal.federatedBy = caller.username;
    const credentials = issue(ctx, principal, caller.type === 'Account' ? Math.min(duration, ROOT_MAX) : duration);
    return {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: principal.userId!, Arn: arn },
      PackedPolicySize: policies.length > 0 ? packedPolicySize(input) : 0,
    };
  },
};
