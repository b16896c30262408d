import { defineScenario, handoff } from '../harness/runner/index.js';
import { addInvokeStage, FUNCTION_NAME, LAMBDA_INVOKE_ACTION } from './lambda-stage.js';
import { actionFailure } from './sources.js';

// The action role has no lambda:InvokeFunction: Lambda refuses the invocation with 403 AccessDeniedException in
// IAM's words, "… because no identity-based policy allows the lambda:InvokeFunction action" (quoted from AWS in
// awslabs/aws-deployment-framework#460), and the action fails with that message.
export default defineScenario({
  name: 'lambda-invoke-action-role-missing-grant',
  title: 'A Lambda invoke action fails when its action role may not invoke the function',
  source: LAMBDA_INVOKE_ACTION,
  prepare: (world) => addInvokeStage(world, { as: 'action-role', identityGrant: false }),
  steps: [handoff.runPipeline()],
  needs: ['codepipelineExecutions'],
  expect: actionFailure(
    (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/${n.actionRoleArn.split('/').pop()}/<session> is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:${n.region}:${n.targetAccount}:function:${FUNCTION_NAME} because no identity-based policy allows the lambda:InvokeFunction action`,
  ),
});
