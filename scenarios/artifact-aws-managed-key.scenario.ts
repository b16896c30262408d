import { defineScenario, handoff } from '../harness/runner/index.js';

// The artifact store has no customer-managed key, so artifacts are encrypted with the pipeline account's aws/s3
// key, which no other account can ever use (errors.jsonl E025, E098).
export default defineScenario({
  name: 'artifact-aws-managed-key',
  title: 'An artifact encrypted with the AWS-managed aws/s3 key cannot be read from the target account',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  setup: { artifactKey: 'aws-managed' },
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'read-artifact',
    code: 'AccessDenied',
    status: 403,
    message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
  },
});
