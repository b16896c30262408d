import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 3 of the article: the cross-account role must be allowed iam:PassRole on the deploy role (errors.jsonl E066).
export default defineScenario({
  name: 'action-role-missing-pass-role',
  title: 'The action role may not pass the deploy role to CloudFormation',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeAction({ role: 'action', action: 'iam:PassRole' })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'deploy-cloudformation',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/${n.actionRoleArn.split('/').pop()}/<session> is not authorized to perform: iam:PassRole on resource: ${n.deployRoleArn} because no identity-based policy allows the iam:PassRole action`,
  },
});
