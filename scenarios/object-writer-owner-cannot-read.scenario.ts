import { GetObjectCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { defineScenario, handoff, mutations, type Step, type WorldHandle } from '../harness/runner/index.js';
import { KC_S3_DEPLOY, roleNameOf } from './sources.js';

// The French knowledge-center seed (003): when the pipeline account writes straight into a bucket of the
// production account whose Object Ownership is ObjectWriter, the pipeline account owns the objects and the
// bucket owner cannot read them; the article's fix is to deploy through a role of the production account.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
// The setup must deploy to an S3 bucket of the target account (an S3 deploy action); one without is not applicable.
const objectWriterDeployBucket: mutations.Mutation = {
  title: "make the S3 deploy action's bucket ObjectWriter and let the pipeline role write into it",
  async apply(world: WorldHandle) {
    const n = world.names;
    const lookedFor = 'an S3 deploy action whose bucket is in the target account';
    if (!n.targets.some((t) => t.provider === 'S3' && t.deployBucket === n.deployBucket)) return { changed: [], lookedFor };
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
        RoleName: roleNameOf(n.pipelineRoleArn),
        PolicyName: 'deploy-directly',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${n.deployBucket}/*` }] }),
      }),
    );
    return { changed: [`bucket ${n.deployBucket} is ObjectWriter and lets ${n.pipelineRoleArn} write into it`], lookedFor };
  },
};

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
  mutate: [objectWriterDeployBucket],
  steps: [handoff.assumePipelineRole(), writeIntoDeployBucket, ownerReads],
  expect: { outcome: 'denied', step: 'bucket-owner-reads', code: 'AccessDenied', status: 403, message: 'Access Denied' },
});
