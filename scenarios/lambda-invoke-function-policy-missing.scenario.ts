import { defineScenario, handoff } from '../harness/runner/index.js';
import { addInvokeStage, FUNCTION_NAME, LAMBDA_INVOKE_ACTION } from './lambda-stage.js';
import { actionFailure } from './sources.js';

// Without a roleArn the Invoke action acts as the pipeline role, in the pipeline account: its identity policy allows
// lambda:InvokeFunction, but the target's function has no resource-based policy statement for it, and a
// cross-account call needs both. Lambda answers 403 AccessDeniedException "… because no resource-based policy allows
// the lambda:InvokeFunction action" (IAM's cross-account form, errors.jsonl E001).
export default defineScenario({
  name: 'lambda-invoke-function-policy-missing',
  title: "A Lambda invoke action across accounts fails when the function's policy does not allow the pipeline role",
  source: LAMBDA_INVOKE_ACTION,
  prepare: (world) => addInvokeStage(world, { as: 'pipeline-role' }),
  steps: [handoff.runPipeline()],
  needs: ['codepipelineExecutions'],
  expect: actionFailure(
    (n) =>
      `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${n.pipelineRoleArn.split('/').pop()}/<session> is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:${n.region}:${n.targetAccount}:function:${FUNCTION_NAME} because no resource-based policy allows the lambda:InvokeFunction action`,
  ),
});
