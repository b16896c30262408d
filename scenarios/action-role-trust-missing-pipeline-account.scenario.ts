import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 3 of the article: the cross-account role must trust account 1 (errors.jsonl E048).
export default defineScenario({
  name: 'action-role-trust-missing-pipeline-account',
  title: "The action role's trust policy does not name the pipeline account",
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { actionRoleTrustPipelineAccount: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'assume-action-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) => `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/codepipeline-service-role/<session> is not authorized to perform: sts:AssumeRole on resource: ${n.actionRoleArn}`,
  },
});
