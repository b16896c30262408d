/**
 * Negative: without the artifact bucket policy's grant to the target account, the action role cannot read the
 * artifact. S3 answers a cross-account refusal with a bare "Access Denied" (HTTP 403).
 */
import { defineScenario, handoff } from 'xacct/scenario';
import type { Variant } from '../infra/main.js';

// `setup` is checked against infra/main.ts's own switches (the type argument).
export default defineScenario<Variant>({
  name: 'bucket-policy-missing-target-account',
  title: 'The artifact bucket policy does not grant the target account',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  // Arrives as the second argument of infra/main.ts's build function.
  setup: { grants: { bucketPolicyTargetAccount: false } },
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'denied', step: 'read-artifact', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});
