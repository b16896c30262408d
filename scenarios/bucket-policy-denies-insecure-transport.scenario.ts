import { defineScenario, handoff } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// The seeds' bucket policy denies every request with aws:SecureTransport false (errors.jsonl E024 form).
export default defineScenario({
  name: 'bucket-policy-denies-insecure-transport',
  title: 'An upload over plain HTTP is refused by the artifact bucket policy',
  source: KC_CLOUDFORMATION,
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
