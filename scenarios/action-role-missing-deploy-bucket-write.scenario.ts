import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_S3_DEPLOY, s3DeployBucket } from './sources.js';

// The S3 deploy action writes as the action role into a bucket of its own account: the identity policy decides
// and S3 gives the detailed same-account message (errors.jsonl E023 form).
export default defineScenario({
  name: 'action-role-missing-deploy-bucket-write',
  title: 'The action role may not write into the deploy bucket',
  source: KC_S3_DEPLOY,
  mutate: [mutations.removeAction({ role: 'action', action: 's3:PutObject', resource: s3DeployBucket })],
  steps: handoff.s3DeployHandoff(),
  expect: {
    outcome: 'denied',
    step: 's3-deploy',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/${n.actionRoleArn.split('/').pop()}/<session> is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${n.deployBucket}/<key>" because no identity-based policy allows the s3:PutObject action`,
  },
});
