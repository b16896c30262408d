import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { defineScenario, handoff, type Step, type WorldHandle } from '../harness/runner/index.js';

// The Japanese seed (001): the source lives in a third "repository" account. CodePipeline assumes a role there
// that writes the source artifact into the pipeline account's artifact store, encrypted with the pipeline's
// customer-managed key; the bucket policy and the key policy name the repository account (steps 2, 4, 5 of the
// article), and the pipeline role may assume roles in it.
const REPOSITORY = '333333333333';
const REPO_ROLE = 'external-pipeline-execution-role';

type PolicyDoc = { Version: string; Statement: object[] };

async function prepare(world: WorldHandle): Promise<void> {
  const n = world.names;
  const repoRoot = `arn:aws:iam::${REPOSITORY}:root`;
  const kms = new KMSClient(world.clientConfig(n.pipelineAccount));
  const keyPolicy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: n.keyArn, PolicyName: 'default' }))).Policy!) as PolicyDoc;
  keyPolicy.Statement.push({
    Sid: 'RepositoryAccountUsesKey',
    Effect: 'Allow',
    Principal: { AWS: repoRoot },
    Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: '*',
  });
  await kms.send(new PutKeyPolicyCommand({ KeyId: n.keyArn, PolicyName: 'default', Policy: JSON.stringify(keyPolicy) }));

  const s3 = new S3Client(world.clientConfig(n.pipelineAccount));
  const bucketPolicy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: n.artifactBucket }))).Policy!) as PolicyDoc;
  bucketPolicy.Statement.push(
    { Sid: 'RepositoryAccountObjects', Effect: 'Allow', Principal: { AWS: repoRoot }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${n.artifactBucket}/*` },
    { Sid: 'RepositoryAccountList', Effect: 'Allow', Principal: { AWS: repoRoot }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${n.artifactBucket}` },
  );
  await s3.send(new PutBucketPolicyCommand({ Bucket: n.artifactBucket, Policy: JSON.stringify(bucketPolicy) }));

  const pipelineIam = new IAMClient(world.clientConfig(n.pipelineAccount));
  await pipelineIam.send(
    new PutRolePolicyCommand({
      RoleName: n.options.names.pipelineRole,
      PolicyName: 'assume-repository-roles',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${REPOSITORY}:role/*` }] }),
    }),
  );

  const repoIam = new IAMClient(world.clientConfig(REPOSITORY));
  await repoIam.send(
    new CreateRoleCommand({
      RoleName: REPO_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${n.pipelineAccount}:root` }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await repoIam.send(
    new PutRolePolicyCommand({
      RoleName: REPO_ROLE,
      PolicyName: 'write-artifacts',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${n.artifactBucket}/*` },
          { Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: n.keyArn },
        ],
      }),
    }),
  );
}

const assumeRepositoryRole: Step = {
  id: 'assume-repository-role',
  title: 'The pipeline role assumes the role in the repository account',
  principal: (n) => `${n.pipelineRoleArn} (session)`,
  async run(ctx) {
    const sts = new STSClient(ctx.sessions.get('pipeline')!);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${REPOSITORY}:role/${REPO_ROLE}`, RoleSessionName: String(Date.now()) }));
    const c = out.Credentials!;
    ctx.sessions.set('repository', ctx.world.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
  },
};

export default defineScenario({
  name: 'repository-account-source',
  title: 'A source action in a third repository account writes into the pipeline artifact store, and the target account deploys it',
  source: { title: 'Practitioner write-up: deploying from CodeCommit in another account with CodePipeline (Japanese)', seed: '001_8eb508533f8a66f6.txt' },
  extraAccounts: [{ name: 'repository', id: REPOSITORY }],
  prepare,
  steps: [
    handoff.assumePipelineRole(),
    assumeRepositoryRole,
    handoff.writeArtifact({ as: 'repository' }),
    handoff.assumeActionRole(),
    handoff.readArtifact(),
    handoff.deployCloudFormation(),
  ],
  expect: { outcome: 'success' },
});
