import { defineScenario, handoff, mutations } from '../harness/runner/index.js';

// With only the account-root statement in the key policy, the pipeline role's own policy must allow the key, and the
// reference setup's does not (its key policy names the role instead) (errors.jsonl E027 notes: same-account responses
// name kms:GenerateDataKey).
export default defineScenario({
  name: 'pipeline-role-missing-kms',
  title: 'Neither the key policy nor its IAM policy lets the pipeline role encrypt with the key',
  source: { title: 'AWS KMS Developer Guide: key policies (allowing access to the account)', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html' },
  // Either grant may be the one a setup gives (the reference setup: the key policy only); both are removed where present.
  mutate: [mutations.ifPresent(mutations.removeAction({ role: 'pipeline', action: 'kms:*' })), mutations.ifPresent(mutations.removePrincipal({ from: 'key', principal: 'pipeline-role' }))],
  // The point is the pipeline role's own write: where another action writes the artifact the deploy reads (a source
  // action's role, a CodeBuild project), the pipeline role writes nothing the deploy reads, and the scenario does not apply.
  steps: handoff.cloudFormationHandoff({ write: { pipelineRoleWrites: true } }),
  expect: {
    outcome: 'denied',
    step: 'write-artifact',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${n.pipelineRoleArn.split('/').pop()}/<session> is not authorized to perform: kms:GenerateDataKey on resource: ${n.keyArn} because no identity-based policy allows the kms:GenerateDataKey action`,
  },
});
