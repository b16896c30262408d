import { defineScenario } from '../harness/runner/index.js';
import { commitToDeploy, prepareRepositoryAccountSource, REPOSITORY_ACCOUNT, SEED_001 } from './repository-account.js';

// The Japanese seed (001), its whole path: a commit to CodeCommit in a third "repository" account emits its event;
// a rule there forwards it to the pipeline account's bus (allowed by the bus policy); a rule there starts the
// pipeline; the CodeCommit source action runs as the seed's role in the repository account and writes the zip into
// the pipeline's artifact bucket with the pipeline's customer-managed key (whose policy, like the bucket policy,
// names the repository account); the Deploy stage deploys it into the target account.
export default defineScenario({
  name: 'repository-account-source',
  title: 'A commit in a third repository account starts the pipeline through EventBridge; its CodeCommit source and the target account deploy it',
  source: SEED_001,
  extraAccounts: [{ name: 'repository', id: REPOSITORY_ACCOUNT }],
  prepare: (world) => prepareRepositoryAccountSource(world),
  steps: commitToDeploy,
  needs: ['codepipelineExecutions', 'eventDeliveries'],
  expect: { outcome: 'success' },
});
