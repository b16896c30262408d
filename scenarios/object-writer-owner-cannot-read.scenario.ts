import { GetObjectCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { defineScenario, handoff, type Step, type WorldHandle } from '../harness/runner/index.js';
import { KC_S3_DEPLOY } from './sources.js';

// The French knowledge-center seed (003): when the pipeline account writes straight into a bucket of the
// production account whose Object Ownership is ObjectWriter, the pipeline account owns the objects and the
// bucket owner cannot read them; the article's fix is to deploy through a role of the production account.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
async function prepare(world: WorldHandle): Promise<void> {
  const n = world.names;
  const s3 = new S3Client(world.clientConfig(n.targetAccount));
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: n.deployBucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: n.deployBucket,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PipelineWrites', Effect: 'Allow', Principal: { AWS: n.pipelineRoleArn }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${n.deployBucket}/*` }],
      }),
    }),
  );
  const iam = new IAMClient(world.clientConfig(n.pipelineAccount));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: n.options.names.pipelineRole,
      PolicyName: 'deploy-directly',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${n.deployBucket}/*` }] }),
    }),
  );
}

const writeIntoDeployBucket: Step = {
  id: 'write-into-deploy-bucket',
  title: "The pipeline role writes index.html straight into the production account's bucket",
  principal: (n) => `${n.pipelineRoleArn} (session)`,
  async run(ctx) {
    const s3 = new S3Client(ctx.sessions.get('pipeline')!);
    await s3.send(new PutObjectCommand({ Bucket: ctx.names.deployBucket, Key: 'index.html', Body: '<h1>deployed</h1>' }));
  },
};

const ownerReads: Step = {
  id: 'bucket-owner-reads',
  title: 'The production account (bucket owner) reads the deployed object',
  principal: (n) => `arn:aws:iam::${n.targetAccount}:root`,
  async run(ctx) {
    const s3 = new S3Client(ctx.world.clientConfig(ctx.names.targetAccount));
    await s3.send(new GetObjectCommand({ Bucket: ctx.names.deployBucket, Key: 'index.html' }));
  },
};

export default defineScenario({
  name: 'object-writer-owner-cannot-read',
  title: 'Under ObjectWriter, an object the pipeline account wrote cannot be read by the bucket owner',
  source: KC_S3_DEPLOY,
  prepare,
  steps: [handoff.assumePipelineRole(), writeIntoDeployBucket, ownerReads],
  expect: { outcome: 'denied', step: 'bucket-owner-reads', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});
