/**
 * The values of the Parameter Store parameters a template's AWS::SSM::Parameter::Value<…> parameters name, read
 * from the emulated SSM (GetParameters, 10 names a call) as the caller of the stack operation, before the template is
 * planned: "CloudFormation retrieves the value from Parameter Store when you create or update the stack"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html#cloudformation-supplied-parameter-types-ssm-parameter-types).
 * As the caller, not the service role: the CDK bootstrap template grants its deploy role (the principal that calls
 * CreateChangeSet with the cfn-exec role as RoleARN) ssm:GetParameters on the bootstrap version parameter that its
 * stacks declare as AWS::SSM::Parameter::Value<String> (aws-cdk, bootstrap-template.yaml, statement "ReadVersion").
 * A name SSM does not hold is left out; template/parameters.ts then refuses the call with AWS's words.
 * A caller SSM refuses ssm:GetParameters is refused by CloudFormation as AWS refuses it: 400 ValidationError
 * "AccessDenied. User doesn't have permission to call ssm:GetParameters" (the AWS CLI's CreateStack answer quoted in
 * yugabyte/yugabyte-db#4336; the same words through CodePipeline in aws-samples/aws-cross-account-cicd-pipeline#33
 * and #38, and through the CDK CLI in aws/aws-cdk#20959).
 * Known deviation: a template that does not parse reads nothing here and is refused by the planner as before.
 */
import type { GetParametersCommandInput, GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import { isAwsError } from '../../core/errors.js';
import type { OperationContext, Out } from '../types.js';
import { ValidationError } from './errors.js';
import { parseTemplate, ssmParameterNames, type ResolvedParameter } from './template/index.js';

const BATCH = 10;

export async function ssmParameterValues(ctx: OperationContext, templateBody: string, given: Readonly<Record<string, string>>): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  let names: string[];
  try {
    names = ssmParameterNames(parseTemplate(templateBody), given);
  } catch {
    return values;
  }
  for (let i = 0; i < names.length; i += BATCH) {
    const input: GetParametersCommandInput = { Names: names.slice(i, i + BATCH) };
    const out = await ctx.invoke<Out<GetParametersCommandOutput>>('ssm', 'GetParameters', input).catch((e: unknown) => {
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
