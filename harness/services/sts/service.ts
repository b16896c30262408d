/**
 * AWS STS (query protocol, version 2011-06-15): AssumeRole, GetCallerIdentity, GetFederationToken (federation.ts),
 * GetSessionToken. Session tags: session-tags.ts.
 * https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
 * Session policies are validated as IAM identity policies (condition values included); their plain text is capped at
 * 2,048 characters by the model.
 * Known deviations: no regional/global endpoint distinction; source identity and MFA are not modelled;
 * PackedPolicyTooLarge ("Packed policy consumes n% of allotted space, please use smaller policy.",
 * https://repost.aws/knowledge-center/iam-role-aws-sts-error) is never raised, because AWS's packing is not
 * published; PackedPolicySize is an estimate.
 */
import * as sdk from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { queryErrors } from '../../core/auth-errors.js';
import { sessionArn, type Principal } from '../../world/principal.js';
import { queryProtocol } from '../../protocols/query.js';
import { findRoleByArn, type RoleRecord } from '../iam/store.js';
import { int, str } from '../params.js';
import { sdkModel } from '../sdk-model.js';
import type { SdkOperation, SdkOperations } from '../sdk-model.js';
import type { AuthCheck, OperationContext, Out, ServiceDefinition } from '../types.js';
import { AccessDenied, stsDenial, ValidationError } from './errors.js';
import { GetFederationToken } from './federation.js';
import { issue, packedPolicySize, sessionPolicies } from './sessions.js';
import { readSessionTags, sessionTagFields, tagContext, type SessionTags } from './session-tags.js';
import type { StsOperation, StsOperationName } from './operation-names.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]+)$/;
const SESSION_NAME = { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' };
const ROLE_CHAINING_MAX = 3600;

/** What AssumeRole reads from its parameters, and the role they name (undefined when it does not exist). */
interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  duration: number;
  role?: RoleRecord;
  tags: SessionTags;
}

// Parameters are read (and refused) before the caller is authorized.
function readAssumeRole(ctx: OperationContext, input: AssumeRoleCommandInput): AssumeRoleRequest {
  const duration = int('ValidationError', input, 'DurationSeconds', { min: 900, max: 43200 }) ?? 3600;
  const roleArn = str('ValidationError', input, 'RoleArn', { required: true, min: 20, max: 2048 });
  const sessionName = str('ValidationError', input, 'RoleSessionName', { required: true, ...SESSION_NAME });
  const externalId = str('ValidationError', input, 'ExternalId', { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' });
  if (!/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(roleArn)) throw ValidationError(`${roleArn} is invalid`);
  const tags = readSessionTags(ctx.principal, input);
  return { roleArn, sessionName, externalId, duration, role: findRoleByArn(ctx.world, roleArn), tags };
}

/** sts:AssumeRole, and sts:TagSession when the request passes tags: the trust policy must allow both (id_session-tags.html). */
function assumeRoleChecks(ctx: OperationContext, request: AssumeRoleRequest): AuthCheck[] {
  const check = assumeRoleCheck(ctx, request);
  const tags = tagContext(request.tags);
  if (Object.keys(tags).length === 0) return [check];
  const withTags = { ...check, context: { ...check.context, ...tags } };
  return [withTags, { ...withTags, action: 'sts:TagSession' }];
}

function assumeRoleCheck(ctx: OperationContext, { roleArn, sessionName, externalId, role }: AssumeRoleRequest): AuthCheck {
  if (ctx.principal.type === 'Account') {
    throw AccessDenied('Roles may not be assumed by root accounts.');
  }
  const context: Record<string, string> = { 'sts:RoleSessionName': sessionName };
  if (externalId !== undefined) context['sts:ExternalId'] = externalId;
  return {
    action: 'sts:AssumeRole',
    resource: roleArn,
    resourceAccount: ROLE_ARN.exec(roleArn)?.[1],
    context,
    // A role that does not exist has no trust policy: nothing can assume it, and AWS answers as for a refusal.
    resourcePolicy: {
      kind: 'trust',
      name: role ? `trust policy of ${role.Arn}` : `trust policy of ${roleArn} (the role does not exist)`,
      document: role ? role.AssumeRolePolicyDocument : { Version: '2012-10-17', Statement: [] },
    },
  };
}

const AssumeRole: SdkOperation<typeof sdk, 'AssumeRole', AssumeRoleRequest> = {
  resolve: readAssumeRole,
  authorize: (ctx, _input, request) => assumeRoleChecks(ctx, request),
  handler(ctx, input, { role: assumed, sessionName, duration, tags }) {
    // The trust policy of a role that does not exist allows nothing, so authorization has refused such a request.
    const role = assumed!;
    const roleAccount = ROLE_ARN.exec(role.Arn)![1]!;
    const chained = ctx.principal.type === 'AssumedRole';
    if (chained && duration > ROLE_CHAINING_MAX) {
      throw ValidationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > role.MaxSessionDuration) {
      throw ValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const policies = sessionPolicies(ctx, input, 'AssumeRole');
    const principal: Principal = {
      arn: sessionArn(roleAccount, role.RoleName, sessionName),
      type: 'AssumedRole',
      account: roleAccount,
      roleArn: role.Arn,
      roleName: role.RoleName,
      sessionName,
      userId: `${role.RoleId}:${sessionName}`,
      sessionPolicies: policies.length > 0 ? policies : undefined,
      ...sessionTagFields(tags),
    };
    const creds = issue(ctx, principal, duration);
    const out: Out<AssumeRoleCommandOutput> = {
      Credentials: creds,
      AssumedRoleUser: { AssumedRoleId: principal.userId!, Arn: principal.arn },
    };
    if (policies.length > 0 || tags.tags.length > 0) out.PackedPolicySize = packedPolicySize(input);
    return out;
  },
};

const GetCallerIdentity: StsOperation<'GetCallerIdentity'> = {
  // GetCallerIdentity needs no permission and works even under an explicit deny (errors.jsonl E050).
  handler(ctx) {
    const p = ctx.principal;
    if (p.type === 'Service' || p.type === 'Anonymous' || !p.account) {
      throw AccessDenied('GetCallerIdentity needs credentials of an account principal');
    }
    return { UserId: p.userId, Account: p.account, Arn: p.arn };
  },
};

const GetSessionToken: StsOperation<'GetSessionToken'> = {
  handler(ctx, input) {
    const p = ctx.principal;
    if (p.type === 'AssumedRole' || p.type === 'FederatedUser') {
      throw AccessDenied('Cannot call GetSessionToken with session credentials');
    }
    if (p.type !== 'User' && p.type !== 'Account') throw AccessDenied('Access denied');
    const max = p.type === 'Account' ? 3600 : 129600;
    const duration = int('ValidationError', input, 'DurationSeconds', { min: 900, max: 129600 }) ?? (p.type === 'Account' ? 3600 : 43200);
    return { Credentials: issue(ctx, { ...p }, Math.min(duration, max)) };
  },
};

export const stsService: ServiceDefinition = {
  name: 'sts',
  protocol: queryProtocol({ xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/', version: '2011-06-15' }),
  operations: { AssumeRole, GetCallerIdentity, GetFederationToken, GetSessionToken } satisfies SdkOperations<typeof sdk, StsOperationName>,
  model: sdkModel(sdk),
  errors: queryErrors,
  denial: stsDenial,
};

