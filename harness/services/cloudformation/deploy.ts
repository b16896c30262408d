/**
 * A helper for services that deploy a template for a caller (CodePipeline's CloudFormation action): create the
 * stack, or update it when it exists, through CloudFormation's own operations (so iam:PassRole, the cross-account
 * rule and the role's trust policy apply to `as`), then wait until the stack settles.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-action-reference.html
 * "No updates are to be performed." (errors.jsonl E077) counts as success, as CodePipeline treats it.
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import { isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import type { OperationContext } from '../types.js';

export interface DeployInput {
  StackName: string;
  TemplateBody: string;
  Parameters?: Array<{ ParameterKey: string; ParameterValue: string }>;
  Capabilities?: string[];
  RoleARN?: string;
  Tags?: Array<{ Key: string; Value: string }>;
}

const sleep = () => new Promise((r) => setImmediate(r));

async function describe(invoke: OperationContext['invoke'], as: Principal, name: string): Promise<Stack | undefined> {
  try {
    const out = await invoke<{ Stacks?: Stack[] }>('cloudformation', 'DescribeStacks', { StackName: name }, { as });
    return out.Stacks?.[0];
  } catch (e) {
    if (isAwsError(e) && e.code === 'ValidationError' && / does not exist$/.test(e.message)) return undefined;
    throw e;
  }
}

/** Creates or updates the stack as `as` and returns it once no operation is in progress. Errors are CloudFormation's AwsErrors. */
export async function deployStack(invoke: OperationContext['invoke'], as: Principal, input: DeployInput): Promise<Stack> {
  const existing = await describe(invoke, as, input.StackName);
  const request = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  let stackId: string;
  if (!existing || existing.StackStatus === 'REVIEW_IN_PROGRESS') {
    stackId = (await invoke<{ StackId: string }>('cloudformation', 'CreateStack', request, { as })).StackId;
  } else {
    try {
      stackId = (await invoke<{ StackId: string }>('cloudformation', 'UpdateStack', request, { as })).StackId;
    } catch (e) {
      if (isAwsError(e) && e.message === 'No updates are to be performed.') return existing;
      throw e;
    }
  }
  for (;;) {
    const stack = await describe(invoke, as, stackId);
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    await sleep();
  }
}
