import { defineScenario, handoff } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

export default defineScenario({
  name: 'cloudformation-deploy',
  title: 'The reference setup deploys a CloudFormation stack into the target account',
  source: KC_CLOUDFORMATION,
  steps: handoff.cloudFormationHandoff(),
  expect: { outcome: 'success' },
});
