import { defineScenario, handoff } from '../harness/runner/index.js';

// The action role requires an ExternalId the pipeline does not send (errors.jsonl E048 form).
export default defineScenario({
  name: 'external-id-not-met',
  title: "The action role's trust policy requires an ExternalId that the caller does not send",
  source: { title: 'AWS IAM User Guide: access to AWS accounts owned by third parties (sts:ExternalId)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html' },
  setup: { grants: { actionRoleExternalId: 'xacct-4f1c' } },
  steps: [handoff.assumePipelineRole(), handoff.writeArtifact(), handoff.assumeActionRole({ externalId: null })],
  expect: {
    outcome: 'denied',
    step: 'assume-action-role',
    code: 'AccessDenied',
    status: 403,
    message: (n) => `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/codepipeline-service-role/<session> is not authorized to perform: sts:AssumeRole on resource: ${n.actionRoleArn}`,
  },
});
