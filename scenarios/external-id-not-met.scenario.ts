import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { EXTERNAL_ID_GUIDE } from './sources.js';

// CodePipeline assumes action roles without an ExternalId, so an action role whose trust policy requires one can
// never be used by a pipeline: declaring the pipeline (CreatePipeline, or UpdatePipeline once the trust requires one
// after the setup is applied) is refused (errors.jsonl E092; IAM User Guide on sts:ExternalId).
export default defineScenario({
  name: 'external-id-not-met',
  title: "The action role's trust policy requires an ExternalId, which CodePipeline never sends",
  source: EXTERNAL_ID_GUIDE,
  mutate: [mutations.addCondition({ trustOf: 'action', principal: 'pipeline-account', condition: { StringEquals: { 'sts:ExternalId': 'xacct-4f1c' } } })],
  steps: [handoff.updatePipeline(), ...handoff.cloudFormationHandoff()],
  expect: {
    outcome: 'denied',
    step: 'update-pipeline',
    code: 'InvalidStructureException',
    status: 400,
    message: (n) => `${n.pipelineRoleArn} is not authorized to perform AssumeRole on role ${n.actionRoleArn}`,
  },
});
