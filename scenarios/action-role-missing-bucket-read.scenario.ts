import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Cross-account access needs both sides: the bucket policy grants account 2, but the action role's own policy
// must allow s3:GetObject too (errors.jsonl E022).
export default defineScenario({
  name: 'action-role-missing-bucket-read',
  title: 'The action role has no s3:GetObject on the artifact bucket',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeAction({ role: 'action', action: 's3:GetObject', resource: (n) => n.artifactBucket })],
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});
