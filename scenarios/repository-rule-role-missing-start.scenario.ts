import { defineScenario } from '../harness/runner/index.js';
import { CODECOMMIT_EVENT_START, commitToDeploy, prepareRepositoryAccountSource, REPOSITORY_ACCOUNT, START_ROLE } from './repository-account.js';

// The event reaches the pipeline account's bus, but the role its rule starts the pipeline as may only read the
// pipeline: codepipeline:StartPipelineExecution is refused and no execution starts. AWS says nothing: the rule's
// FailedInvocations metric counts it. CodePipeline's wording for an IAM denial (not recorded: codepipeline/errors.ts).
export default defineScenario({
  name: 'repository-rule-role-missing-start',
  title: "The pipeline account rule's role lacks codepipeline:StartPipelineExecution: the commit never starts the pipeline",
  source: CODECOMMIT_EVENT_START,
  extraAccounts: [{ name: 'repository', id: REPOSITORY_ACCOUNT }],
  prepare: (world) => prepareRepositoryAccountSource(world, { startRoleStartsPipeline: false }),
  steps: commitToDeploy,
  needs: ['eventDeliveries'],
  expect: {
    outcome: 'denied',
    step: 'start-pipeline',
    code: 'AccessDeniedException',
    status: 400,
    message: (n) =>
      `User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${START_ROLE}/<session> is not authorized to perform: codepipeline:StartPipelineExecution on resource: arn:aws:codepipeline:${n.region}:${n.pipelineAccount}:${n.pipelineName} because no identity-based policy allows the codepipeline:StartPipelineExecution action`,
  },
});
