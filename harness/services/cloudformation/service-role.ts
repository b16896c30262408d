/**
 * Who a stack acts as. With RoleARN: the caller must be allowed iam:PassRole on the role (AWS's IAM wording,
 * errors.jsonl E066); a role in another account than the stack is refused first with 403 AccessDenied
 * "Cross-account pass role is not allowed." (E067); CloudFormation then assumes the role as the service principal
 * cloudformation.amazonaws.com with the session name AWSCloudFormation (E069 notes), and a role that does not
 * exist or whose trust policy refuses the service is 400 ValidationError "Role <arn> is invalid or cannot be
 * assumed" (E068). Without a role the stack acts with the caller's own identity, as AWS does.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 */
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { AwsError, isAwsError } from '../../core/errors.js';
import { servicePrincipal, type Principal } from '../../world/principal.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { AccessDenied, ValidationError } from './errors.js';

export const CLOUDFORMATION_SERVICE = 'cloudformation.amazonaws.com';
export const SESSION_NAME = 'AWSCloudFormation';

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?[\w+=,.@-]+$/;

export function roleArnInvalid(roleArn: string): AwsError {
  return ValidationError(`Role ${roleArn} is invalid or cannot be assumed`);
}

/**
 * The refusals CloudFormation words itself before it asks IAM whether the caller may pass `roleArn` to a stack in
 * `stackAccount`: a malformed ARN, and a role in another account. Returns the role, then to be authorized by
 * `passRoleCheck`.
 */
export function passableRole(roleArn: string, stackAccount: string): string {
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw roleArnInvalid(roleArn);
  if (m[1] !== stackAccount) throw AccessDenied('Cross-account pass role is not allowed.');
  return roleArn;
}

/** The caller may pass the (same-account, well-formed: `passableRole`) role to CloudFormation. */
export function passRoleCheck(roleArn: string): AuthCheck {
  return {
    action: 'iam:PassRole',
    resource: roleArn,
    resourceAccount: ROLE_ARN.exec(roleArn)?.[1],
    context: { 'iam:PassedToService': CLOUDFORMATION_SERVICE },
  };
}

/** What an operation resolved names the role the caller passes, if any: its iam:PassRole check. */
export function passRoleOf(resolved: { passRole?: string } | undefined): AuthCheck | undefined {
  return resolved?.passRole ? passRoleCheck(resolved.passRole) : undefined;
}

/** Assumes the service role as cloudformation.amazonaws.com and returns the session principal. */
export async function assumeServiceRole(ctx: Pick<OperationContext, 'invoke' | 'world'>, roleArn: string): Promise<Principal> {
  let out: AssumeRoleCommandOutput;
  try {
    out = await ctx.invoke<AssumeRoleCommandOutput>('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: SESSION_NAME } satisfies AssumeRoleCommandInput, { as: servicePrincipal(CLOUDFORMATION_SERVICE) });
  } catch (e) {
    if (isAwsError(e)) throw roleArnInvalid(roleArn);
    throw e;
  }
  const record = ctx.world.credentials.get(out.Credentials!.AccessKeyId!);
  if (!record) throw roleArnInvalid(roleArn);
  return record.principal;
}

/** The principal a stack operation acts as: the service role's session, or the caller. */
export async function actingPrincipal(ctx: OperationContext, roleArn: string | undefined): Promise<Principal> {
  return roleArn ? assumeServiceRole(ctx, roleArn) : ctx.principal;
}
