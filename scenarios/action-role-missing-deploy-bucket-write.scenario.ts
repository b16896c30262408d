import { defineScenario, handoff } from '../harness/runner/index.js';

// The S3 deploy action writes as the action role into a bucket of its own account: the identity policy decides
// and S3 gives the detailed same-account message (errors.jsonl E023 form).
export default defineScenario({
  name: 'action-role-missing-deploy-bucket-write',
  title: 'The action role may not write into the deploy bucket',
  source: { title: 'AWS Knowledge Center: deploy artifacts to an S3 bucket in another account with CodePipeline (French edition)', seed: '003_4aeffc2ea4aacb00.txt', url: 'https://repost.aws/knowledge-center/codepipeline-artifacts-s3' },
  setup: { grants: { actionRoleDeployBucketWrite: false } },
  steps: handoff.s3DeployHandoff(),
  expect: {
    outcome: 'denied',
    step: 's3-deploy',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.targetAccount}:assumed-role/cross-account-action-role/<session> is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${n.deployBucket}/<key>" because no identity-based policy allows the s3:PutObject action`,
  },
});
