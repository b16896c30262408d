import { defineScenario, handoff, mutations } from '../harness/runner/index.js';

// A key policy statement naming the pipeline role allows it directly: no identity policy is needed for KMS
// (AWS KMS Developer Guide: key policies). A setup whose key policy does not name the pipeline role gets the statement,
// and any KMS grant in the pipeline role's own policies is removed (the reference setup has none).
export default defineScenario({
  name: 'key-policy-names-pipeline-role',
  title: 'The key policy alone lets the pipeline role use the key, without a KMS grant in its IAM policy',
  source: { title: 'AWS KMS Developer Guide: key policies', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html' },
  mutate: [
    mutations.addAllow({ to: 'key', principal: 'pipeline-role', actions: ['kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:Decrypt'] }),
    mutations.ifPresent(mutations.removeAction({ role: 'pipeline', action: 'kms:*' })),
  ],
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'success' },
});
