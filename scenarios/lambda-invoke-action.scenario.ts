import { defineScenario, handoff } from '../harness/runner/index.js';
import { addInvokeStage, LAMBDA_INVOKE_ACTION, reportInvokeAction } from './lambda-stage.js';

// The Invoke action acts as the target account's action role, whose identity policy allows lambda:InvokeFunction
// on the target's function: within one account that is enough, and the action succeeds (the function's code does
// not run; the action's summary says so).
export default defineScenario({
  name: 'lambda-invoke-action',
  title: "A Lambda invoke action in the target account succeeds as the action role that may invoke the function",
  source: LAMBDA_INVOKE_ACTION,
  prepare: (world) => addInvokeStage(world, { as: 'action-role' }),
  steps: [handoff.runPipeline(), reportInvokeAction()],
  needs: ['codepipelineExecutions'],
  expect: { outcome: 'success' },
});
