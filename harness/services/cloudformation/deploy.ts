/**
 * A helper for services that deploy a template for a caller (CodePipeline's CloudFormation action): create the
 * stack, or update it when it exists, through CloudFormation's own operations (so iam:PassRole, the cross-account
 * rule and the role's trust policy apply to `as`), then wait until the stack settles.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-action-reference.html
 * "No updates are to be performed." (errors.jsonl E077) counts as success, as CodePipeline treats it.
 */
import type * as sdk from '@aws-sdk/client-cloudformation';
import type { CreateStackCommandInput, Stack } from '@aws-sdk/client-cloudformation';
import { isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import { sdkInvoke } from '../sdk-model.js';
import type { OperationContext } from '../types.js';

/** What CreateStack and UpdateStack both take, with the stack's name and template required. */
export type DeployInput = Pick<CreateStackCommandInput, 'Parameters' | 'Capabilities' | 'RoleARN' | 'Tags'> & { StackName: string; TemplateBody: string };

type CloudFormation = ReturnType<typeof sdkInvoke<typeof sdk>>;

const sleep = () => new Promise((r) => setImmediate(r));

async function describe(cfn: CloudFormation, as: Principal, name: string): Promise<Stack | undefined> {
  try {
    const out = await cfn('DescribeStacks', { StackName: name }, { as });
    return out.Stacks?.[0];
  } catch (e) {
    if (isAwsError(e) && e.code === 'ValidationError' && / does not exist$/.test(e.message)) return undefined;
    throw e;
  }
}

/** Creates or updates the stack as `as` and returns it once no operation is in progress. Errors are CloudFormation's AwsErrors. */
export async function deployStack(invoke: OperationContext['invoke'], as: Principal, input: DeployInput): Promise<Stack> {
  const cfn = sdkInvoke<typeof sdk>(invoke, 'cloudformation');
  const existing = await describe(cfn, as, input.StackName);
  let stackId: string | undefined;
  if (!existing || existing.StackStatus === 'REVIEW_IN_PROGRESS') {
    stackId = (await cfn('CreateStack', input, { as })).StackId;
  } else {
    try {
      stackId = (await cfn('UpdateStack', input, { as })).StackId;
    } catch (e) {
      if (isAwsError(e) && e.message === 'No updates are to be performed.') return existing;
      throw e;
    }
  }
  for (;;) {
    const stack = await describe(cfn, as, stackId ?? input.StackName);
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    await sleep();
  }
}
