import { defineScenario } from '../harness/runner/index.js';
import { busArn, commitToDeploy, EVENTBRIDGE_CROSS_ACCOUNT, FORWARD_ROLE, prepareRepositoryAccountSource, REPOSITORY_ACCOUNT } from './repository-account.js';

// The pipeline account's default bus has no policy statement for the repository account: the repository account's
// rule cannot put CodeCommit's event there, and the pipeline never starts. AWS says nothing: the forwarding rule's
// FailedInvocations metric counts it. The refused call is EventBridge's PutEvents as the rule's role session, worded
// as IAM words a resource-policy denial (EventBridge's own wording for it is not recorded: events/errors.ts).
export default defineScenario({
  name: 'repository-bus-policy-missing',
  title: "The pipeline account's bus policy misses the repository account: the commit's event is never forwarded",
  source: EVENTBRIDGE_CROSS_ACCOUNT,
  extraAccounts: [{ name: 'repository', id: REPOSITORY_ACCOUNT }],
  prepare: (world) => prepareRepositoryAccountSource(world, { busPolicyRepository: false }),
  steps: commitToDeploy,
  needs: ['eventDeliveries'],
  expect: {
    outcome: 'denied',
    step: 'forward-event',
    code: 'AccessDeniedException',
    status: 400,
    message: (n) =>
      `User: arn:aws:sts::${REPOSITORY_ACCOUNT}:assumed-role/${FORWARD_ROLE}/<session> is not authorized to perform: events:PutEvents on resource: ${busArn(n, n.pipelineAccount)} because no resource-based policy allows the events:PutEvents action`,
  },
});
