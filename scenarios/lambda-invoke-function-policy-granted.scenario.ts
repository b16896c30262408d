import { defineScenario, handoff } from '../harness/runner/index.js';
import { addInvokeStage, LAMBDA_INVOKE_ACTION, reportInvokeAction } from './lambda-stage.js';

// The same cross-account Invoke action as lambda-invoke-function-policy-missing, with AddPermission's statement
// naming the pipeline role on the function: both sides allow, and the action succeeds.
export default defineScenario({
  name: 'lambda-invoke-function-policy-granted',
  title: "A Lambda invoke action across accounts succeeds when the function's policy allows the pipeline role",
  source: LAMBDA_INVOKE_ACTION,
  prepare: (world) => addInvokeStage(world, { as: 'pipeline-role', functionPolicyGrant: true }),
  steps: [handoff.runPipeline(), reportInvokeAction()],
  needs: ['codepipelineExecutions'],
  expect: { outcome: 'success' },
});
