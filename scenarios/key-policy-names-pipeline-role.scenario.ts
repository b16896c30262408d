import { defineScenario, handoff } from '../harness/runner/index.js';

// A key policy statement naming the pipeline role allows it directly: no identity policy is needed for KMS
// (AWS KMS Developer Guide: key policies). The reference setup is built so: its pipeline role has no KMS grant.
export default defineScenario({
  name: 'key-policy-names-pipeline-role',
  title: 'The key policy alone lets the pipeline role use the key, without a KMS grant in its IAM policy',
  source: { title: 'AWS KMS Developer Guide: key policies', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html' },
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'success' },
});
