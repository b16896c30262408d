import { defineScenario, handoff } from '../harness/runner/index.js';

// CodePipeline assumes action roles without an ExternalId, so an action role whose trust policy requires one can
// never be used by a pipeline: CreatePipeline refuses it (errors.jsonl E092; IAM User Guide on sts:ExternalId).
export default defineScenario({
  name: 'external-id-not-met',
  title: "The action role's trust policy requires an ExternalId, which CodePipeline never sends",
  source: { title: 'AWS IAM User Guide: access to AWS accounts owned by third parties (sts:ExternalId)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html' },
  setup: { grants: { actionRoleExternalId: 'xacct-4f1c' } },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'apply',
    code: 'InvalidStructureException',
    status: 400,
    message: (n) => `${n.pipelineRoleArn} is not authorized to perform AssumeRole on role ${n.actionRoleArn}`,
  },
});
