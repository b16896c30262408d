import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 3 of the article: the cross-account role must be allowed iam:PassRole on the deploy role (errors.jsonl E066).
export default defineScenario({
  name: 'action-role-missing-pass-role',
  title: 'The action role may not pass the deploy role to CloudFormation',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { actionRolePassDeployRole: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'deploy-cloudformation',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/cross-account-action-role/<session> is not authorized to perform: iam:PassRole on resource: ${n.deployRoleArn} because no identity-based policy allows the iam:PassRole action`,
  },
});
