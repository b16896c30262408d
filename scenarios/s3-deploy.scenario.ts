import { defineScenario, handoff } from '../harness/runner/index.js';
import { KC_S3_DEPLOY } from './sources.js';

export default defineScenario({
  name: 's3-deploy',
  title: 'The reference setup extracts the artifact into the deploy bucket of the target account',
  source: KC_S3_DEPLOY,
  steps: handoff.s3DeployHandoff(),
  expect: { outcome: 'success' },
});
