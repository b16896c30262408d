/**
 * The values of the Parameter Store parameters a template's AWS::SSM::Parameter::Value<…> parameters name, read
 * from the emulated SSM (GetParameters, 10 names a call) before the template is planned: "CloudFormation retrieves the
 * value from Parameter Store when you create or update the stack"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html#cloudformation-supplied-parameter-types-ssm-parameter-types).
 * Read as the stack's service role when the operation has one (the RoleARN given, or the stack's), else as the
 * caller: "By default, CloudFormation uses a temporary session that it generates from your user credentials for
 * stack operations. If you specify a service role, CloudFormation uses that role's credentials"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html). Recorded cases agree:
 * aws-samples/aws-cross-account-cicd-pipeline#33, refused at its production deploy (caller CodePipelineCrossAccountRole,
 * service role CloudFormationDeploymentRole), was fixed by granting SSM read to the service role's policy, after which
 * the deploy reached "Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] …" (the role could read, the
 * account had no such parameter); the same pipeline's dev deploy, whose caller (CDK's action role) has no SSM
 * permission and whose service role has Action "*", is not reported refused.
 * A name SSM does not hold is left out; template/parameters.ts then refuses the call with AWS's words.
 * A caller SSM refuses ssm:GetParameters is refused by CloudFormation as AWS refuses it: 400 ValidationError
 * "AccessDenied. User doesn't have permission to call ssm:GetParameters" (the AWS CLI's CreateStack answer quoted in
 * yugabyte/yugabyte-db#4336; the same words through CodePipeline in aws-samples/aws-cross-account-cicd-pipeline#33
 * and #38, and through the CDK CLI in aws/aws-cdk#20959).
 * Known deviations: a template that does not parse reads nothing here and is refused by the planner as before; the
 * service role is assumed for the read before IAM judges the caller's iam:PassRole on it (declared on the operation),
 * so a caller who may not pass a role that may not read the parameters is told the latter first.
 */
import type { GetParametersCommandInput, GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import { isAwsError } from '../../core/errors.js';
import type { OperationContext, Out } from '../types.js';
import { ValidationError } from './errors.js';
import { assumeServiceRole } from './service-role.js';
import { parseTemplate, ssmParameterNames, type ResolvedParameter } from './template/index.js';

const BATCH = 10;

export async function ssmParameterValues(ctx: OperationContext, templateBody: string, given: Readonly<Record<string, string>>, roleArn?: string): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  let names: string[];
  try {
    names = ssmParameterNames(parseTemplate(templateBody), given);
  } catch {
    return values;
  }
  if (names.length === 0) return values;
  const as = roleArn ? { as: await assumeServiceRole(ctx, roleArn) } : undefined;
  for (let i = 0; i < names.length; i += BATCH) {
    const input: GetParametersCommandInput = { Names: names.slice(i, i + BATCH) };
    const out = await ctx.invoke<Out<GetParametersCommandOutput>>('ssm', 'GetParameters', input, as).catch((e: unknown) => {
      if (isAwsError(e) && e.code === 'AccessDeniedException') throw ValidationError("AccessDenied. User doesn't have permission to call ssm:GetParameters");
      throw e;
    });
    for (const p of out.Parameters ?? []) if (p.Name !== undefined && p.Value !== undefined) values.set(p.Name, p.Value);
  }
  return values;
}

/**
 * What DescribeStacks adds to an SSM-typed parameter: the value it resolved to (localstack
 * tests/aws/services/cloudformation/test_change_sets.snapshot.json, test_dynamic_ssm_parameter_lookup, recorded
 * against AWS: ParameterValue is the parameter's name, ResolvedValue its value).
 */
export function resolvedValue(p: ResolvedParameter): { ResolvedValue?: string } {
  if (!p.type.startsWith('AWS::SSM::Parameter::Value<')) return {};
  return { ResolvedValue: Array.isArray(p.resolved) ? p.resolved.join(',') : p.resolved };
}
