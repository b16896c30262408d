import { defineScenario, handoff } from '../harness/runner/index.js';

// Step 2 of the article: the artifact bucket's policy must grant account 2. Across accounts S3 answers with its
// bare "Access Denied" (errors.jsonl E022).
export default defineScenario({
  name: 'bucket-policy-missing-target-account',
  title: 'The artifact bucket policy does not grant the target account',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { grants: { bucketPolicyTargetAccount: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});
