import { defineScenario, handoff } from '../harness/runner/index.js';

export default defineScenario({
  name: 's3-deploy',
  title: 'The reference setup extracts the artifact into the deploy bucket of the target account',
  source: { title: 'AWS Knowledge Center: deploy artifacts to an S3 bucket in another account with CodePipeline (French edition)', seed: '003_4aeffc2ea4aacb00.txt', url: 'https://repost.aws/knowledge-center/codepipeline-artifacts-s3' },
  steps: handoff.s3DeployHandoff(),
  expect: { outcome: 'success' },
});
