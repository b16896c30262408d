import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Within the pipeline account the bucket policy does not name the pipeline role, so its identity policy must
// allow s3:PutObject (errors.jsonl E023 form).
export default defineScenario({
  name: 'pipeline-role-missing-s3',
  title: 'The pipeline role may not write to the artifact bucket',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removeAction({ role: 'pipeline', action: 's3:PutObject' })],
  // The point is the pipeline role's own write: where another action writes the artifact the deploy reads (a source
  // action's role, a CodeBuild project), the pipeline role writes nothing the deploy reads, and the scenario does not apply.
  steps: handoff.cloudFormationHandoff({ write: { pipelineRoleWrites: true } }),
  expect: {
    outcome: 'denied',
    step: 'write-artifact',
    code: 'AccessDenied',
    status: 403,
    message: (n) =>
      `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${n.pipelineRoleArn.split('/').pop()}/<session> is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${n.artifactBucket}/<key>" because no identity-based policy allows the s3:PutObject action`,
  },
});
