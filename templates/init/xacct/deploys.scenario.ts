/**
 * Positive: the pipeline hands its artifact to the target account, which reads it (S3 decrypting it through KMS as
 * the action role) and deploys the CloudFormation stack as the deploy role.
 */
import { defineScenario, handoff } from 'xacct/scenario';

export default defineScenario({
  name: 'deploys-to-target-account',
  title: 'The pipeline deploys into the target account',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'success' },
});
