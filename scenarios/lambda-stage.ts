/**
 * What the Lambda invoke scenarios share (not a scenario file itself: only `*.scenario.ts` files are run): a
 * function in the target account, created through Lambda with an execution role trusted by lambda.amazonaws.com,
 * and an Invoke stage added after the applied reference pipeline's stages that invokes it by ARN, either as the
 * target's action role (the action's roleArn) or, without one, as the pipeline role across accounts, when the
 * function's resource-based policy must allow it too.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 * The function's code is not run (no handler is supplied: a scenario may run on a backend reached only over the
 * wire), so the action succeeds once the invocation is authorized and its summary says the code did not run.
 */
import { CodePipelineClient, GetPipelineCommand, GetPipelineStateCommand, UpdatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ScenarioSource, Step, WorldHandle } from '../harness/runner/index.js';

export const LAMBDA_INVOKE_ACTION: ScenarioSource = {
  title: 'AWS CodePipeline User Guide: invoke an AWS Lambda function in a pipeline',
  url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html',
};

export const FUNCTION_NAME = 'xacct-pipeline-hook';
export const EXECUTION_ROLE = 'xacct-pipeline-hook-role';

export interface InvokeStageOptions {
  /** The action acts as the target's action role (default) or, without a roleArn, as the pipeline role. */
  as: 'action-role' | 'pipeline-role';
  /** Whether the acting role's identity policy allows lambda:InvokeFunction on the function (default true). */
  identityGrant?: boolean;
  /** Whether the function's resource-based policy names the pipeline role (default false). */
  functionPolicyGrant?: boolean;
}

const allow = (action: string, resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

export function functionArn(world: WorldHandle): string {
  const n = world.names;
  return `arn:aws:lambda:${n.region}:${n.targetAccount}:function:${FUNCTION_NAME}`;
}

export async function addInvokeStage(world: WorldHandle, o: InvokeStageOptions): Promise<void> {
  const n = world.names;
  const target = world.clientConfig(n.targetAccount);
  await new IAMClient(target).send(
    new CreateRoleCommand({
      RoleName: EXECUTION_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  const lambda = new LambdaClient(target);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION_NAME,
      Role: `arn:aws:iam::${n.targetAccount}:role/${EXECUTION_ROLE}`,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]) },
    }),
  );
  const fn = functionArn(world);
  const actingRole = o.as === 'action-role' ? n.actionRoleArn : n.pipelineRoleArn;
  if (o.identityGrant !== false) {
    const [account, name] = [actingRole.split(':')[4]!, actingRole.split('/').pop()!];
    await new IAMClient(world.clientConfig(account)).send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'invoke-pipeline-hook', PolicyDocument: allow('lambda:InvokeFunction', fn) }));
  }
  if (o.functionPolicyGrant) {
    await lambda.send(new AddPermissionCommand({ FunctionName: FUNCTION_NAME, StatementId: 'pipeline-role', Action: 'lambda:InvokeFunction', Principal: n.pipelineRoleArn }));
  }
  const cp = new CodePipelineClient(world.clientConfig(n.pipelineAccount));
  const pipeline = (await cp.send(new GetPipelineCommand({ name: n.pipelineName }))).pipeline!;
  pipeline.stages = [
    ...pipeline.stages!,
    {
      name: 'Invoke',
      actions: [
        {
          name: 'PipelineHook',
          actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
          configuration: { FunctionName: fn, UserParameters: 'xacct' },
          ...(o.as === 'action-role' ? { roleArn: n.actionRoleArn } : {}),
        },
      ],
    },
  ];
  delete pipeline.version;
  await cp.send(new UpdatePipelineCommand({ pipeline }));
}

/**
 * A step after the run: the Invoke action's summary (GetPipelineState) goes into the report, so a passing scenario
 * says what the action did, and that the function's code did not run.
 */
export function reportInvokeAction(): Step {
  return {
    id: 'report-invoke-action',
    title: "The Invoke action's summary, as GetPipelineState shows it",
    principal: (n) => `arn:aws:iam::${n.pipelineAccount}:root (reads the pipeline's state)`,
    async run(ctx) {
      const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
      const state = await cp.send(new GetPipelineStateCommand({ name: ctx.names.pipelineName }));
      const action = state.stageStates?.find((s) => s.stageName === 'Invoke')?.actionStates?.find((a) => a.actionName === 'PipelineHook');
      const latest = action?.latestExecution;
      if (latest?.status !== 'Succeeded') throw new Error(`the Invoke action ended ${latest?.status ?? 'without running'}`);
      ctx.note(`Invoke action PipelineHook: ${latest.summary ?? '(no summary)'}`);
    },
  };
}
