import { defineScenario } from '../harness/runner/index.js';
import { commitToDeploy, prepareRepositoryAccountSource, REPOSITORY_ACCOUNT, SEED_001, SOURCE_ROLE } from './repository-account.js';
import { actionFailure } from './sources.js';

// The seed's pipeline without its kms-key.yml statement for the repository account: the commit starts the pipeline,
// and the CodeCommit source action, running as the repository account's role, cannot write the zip with the
// pipeline's key. The console shows S3's AccessDenied carrying KMS's cross-account words (errors.jsonl E083, E006),
// in the AWS SDK for Java's form (E087).
export default defineScenario({
  name: 'repository-key-policy-missing',
  title: "The artifact key's policy misses the repository account: the CodeCommit source cannot write the source zip",
  source: SEED_001,
  extraAccounts: [{ name: 'repository', id: REPOSITORY_ACCOUNT }],
  prepare: (world) => prepareRepositoryAccountSource(world, { keyPolicyRepository: false }),
  steps: commitToDeploy,
  needs: ['eventDeliveries'],
  expect: actionFailure(
    (n) =>
      `Insufficient permissions The service role or action role doesn\u2019t have the permissions required to access the Amazon S3 bucket named ${n.artifactBucket}. Update the IAM role permissions, and then try again. Error: Amazon S3:AccessDenied:User: arn:aws:sts::${REPOSITORY_ACCOUNT}:assumed-role/${SOURCE_ROLE}/<session> is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>; S3 Extended Request ID: <host-id>; Proxy: null)`,
  ),
});
