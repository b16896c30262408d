import { defineScenario, handoff } from '../harness/runner/index.js';

// The seeds' bucket policy denies every request with aws:SecureTransport false (errors.jsonl E024 form).
export default defineScenario({
  name: 'bucket-policy-denies-insecure-transport',
  title: 'An upload over plain HTTP is refused by the artifact bucket policy',
  source: { title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)', seed: '000_521672615618a93d.txt', url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation' },
  steps: [handoff.assumePipelineRole(), handoff.writeArtifact({ insecure: true })],
  expect: {
    outcome: 'denied',
    step: 'write-artifact',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/codepipeline-service-role/<session> is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${n.artifactBucket}/<key>" with an explicit deny in a resource-based policy`,
  },
});
