/**
 * A function's execution role as Lambda treats it. CreateFunction passes the role to Lambda (iam:PassRole with
 * iam:PassedToService lambda.amazonaws.com); a role in another account is refused with 403 AccessDeniedException
 * "Cross-account pass role is not allowed." (errors.jsonl E099) before any policy is read, and Lambda then checks
 * that it can assume the role: a role that does not exist or whose trust policy does not let lambda.amazonaws.com in
 * is 400 InvalidParameterValueException "The role defined for the function cannot be assumed by Lambda.".
 * Invoke of a function with supplied code starts a session of the role as lambda.amazonaws.com, named after the
 * function, as AWS names it (the assumed-role ARN of a Lambda function ends with the function's name).
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 * Known deviation: the check at create time starts (and drops) a real session of the role.
 */
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { isAwsError } from '../../core/errors.js';
import { servicePrincipal, type Principal } from '../../world/principal.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { AccessDeniedException, CROSS_ACCOUNT_PASS_ROLE, InvalidParameterValueException, ROLE_CANNOT_BE_ASSUMED } from './errors.js';
import { LAMBDA_PRINCIPAL } from './store.js';

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?[\w+=,.@-]+$/;

/** The role, once Lambda's own refusals (a malformed ARN, another account) are made. */
export function passableRole(roleArn: string, functionAccount: string): string {
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw InvalidParameterValueException(ROLE_CANNOT_BE_ASSUMED);
  if (m[1] !== functionAccount) throw AccessDeniedException(CROSS_ACCOUNT_PASS_ROLE);
  return roleArn;
}

export function passRoleCheck(roleArn: string): AuthCheck {
  return { action: 'iam:PassRole', resource: roleArn, resourceAccount: ROLE_ARN.exec(roleArn)?.[1], context: { 'iam:PassedToService': LAMBDA_PRINCIPAL } };
}

/** A session of the execution role started by lambda.amazonaws.com; refused as Lambda words it. */
export async function assumeExecutionRole(ctx: Pick<OperationContext, 'invoke' | 'world'>, roleArn: string, sessionName: string): Promise<Principal> {
  let out: AssumeRoleCommandOutput;
  try {
    const input: AssumeRoleCommandInput = { RoleArn: roleArn, RoleSessionName: sessionName };
    out = await ctx.invoke<AssumeRoleCommandOutput>('sts', 'AssumeRole', input, { as: servicePrincipal(LAMBDA_PRINCIPAL) });
  } catch (e) {
    if (isAwsError(e)) throw InvalidParameterValueException(ROLE_CANNOT_BE_ASSUMED);
    throw e;
  }
  const record = ctx.world.credentials.get(out.Credentials!.AccessKeyId!);
  if (!record) throw InvalidParameterValueException(ROLE_CANNOT_BE_ASSUMED);
  return record.principal;
}
