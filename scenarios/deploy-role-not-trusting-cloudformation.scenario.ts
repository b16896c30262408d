import { defineScenario, handoff, mutations } from '../harness/runner/index.js';
import { KC_CLOUDFORMATION } from './sources.js';

// Step 5 of the article: the deploy role must trust cloudformation.amazonaws.com (errors.jsonl E068).
export default defineScenario({
  name: 'deploy-role-not-trusting-cloudformation',
  title: 'The deploy role does not trust cloudformation.amazonaws.com',
  source: KC_CLOUDFORMATION,
  mutate: [mutations.removePrincipal({ from: { trustOf: 'deploy' }, principal: { service: 'cloudformation.amazonaws.com' } })],
  steps: handoff.cloudFormationHandoff(),
  expect: {
    outcome: 'denied',
    step: 'deploy-cloudformation',
    code: 'ValidationError',
    status: 400,
    message: (n) => `Role ${n.deployRoleArn} is invalid or cannot be assumed`,
  },
});
