import { defineScenario, handoff } from '../harness/runner/index.js';

export default defineScenario({
  name: 'external-id-met',
  title: 'With the ExternalId its trust policy requires, the action role is assumed and the hand-off completes',
  source: { title: 'AWS IAM User Guide: access to AWS accounts owned by third parties (sts:ExternalId)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html' },
  setup: { grants: { actionRoleExternalId: 'xacct-4f1c' } },
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'success' },
});
