/**
 * What the CodeBuild scenarios share (not a scenario file itself: only `*.scenario.ts` files are run): a Build stage
 * added to the applied reference pipeline, as a user adds one between the source and the cross-account deploy.
 * The project lives in the pipeline account with its own service role (trusted by codebuild.amazonaws.com), its
 * output artifact feeds the deploy actions, and the pipeline role may start and watch builds (the action has no
 * roleArn, so it acts as the pipeline role).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html
 * https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
 */
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, GetPipelineCommand, UpdatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { handoff, type ScenarioSource, type WorldHandle } from '../harness/runner/index.js';
import { buildStage } from '../harness/services/codebuild/test-fixtures.js';

export const CODEBUILD_ACTION: ScenarioSource = {
  title: 'AWS CodePipeline User Guide: CodeBuild build and test action reference',
  url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html',
};

export const BUILD_ROLE = 'codebuild-service-role';
export const PROJECT = 'xacct-build';

/** The buildspec the project carries: the source's files become the build's output as they are. */
const PASS_THROUGH = `version: 0.2
phases:
  build:
    commands:
      - echo "building $CODEBUILD_BUILD_ID"
artifacts:
  files:
    - '**/*'
`;

export interface BuildStageOptions {
  /** Give the project the pipeline's customer-managed key (default); without it CodeBuild uses aws/s3. */
  projectKey?: boolean;
  /** The build role's permissions (default: what the artifact store needs, S3 and the key). */
  buildRoleActions?: string[];
  /** The project's inline buildspec. */
  buildspec?: string;
}

const allow = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

export async function addBuildStage(world: WorldHandle, o: BuildStageOptions = {}): Promise<void> {
  const names = world.names;
  // The build stage goes between the S3 source and the deploy actions, and the scenarios run the pipeline from its S3
  // source bucket: a pipeline with another source (a CDK Pipelines app's CodeCommit, with its own Build stage) has none.
  handoff.requireS3Source(names, "the build-stage scenarios' run-pipeline step");
  const root = world.clientConfig(names.pipelineAccount);
  const iam = new IAMClient(root);
  await iam.send(
    new CreateRoleCommand({
      RoleName: BUILD_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: BUILD_ROLE, PolicyName: 'build', PolicyDocument: allow(o.buildRoleActions ?? ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey']) }));
  const pipelineRole = names.pipelineRoleArn.split('/').pop()!;
  await iam.send(new PutRolePolicyCommand({ RoleName: pipelineRole, PolicyName: 'codebuild', PolicyDocument: allow(['codebuild:StartBuild', 'codebuild:BatchGetBuilds']) }));
  await new CodeBuildClient(root).send(
    new CreateProjectCommand({
      name: PROJECT,
      source: { type: 'CODEPIPELINE', buildspec: o.buildspec ?? PASS_THROUGH },
      artifacts: { type: 'CODEPIPELINE' },
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
      serviceRole: `arn:aws:iam::${names.pipelineAccount}:role/${BUILD_ROLE}`,
      ...(o.projectKey === false || !names.keyArn ? {} : { encryptionKey: names.keyArn }),
    }),
  );
  const cp = new CodePipelineClient(root);
  const pipeline = (await cp.send(new GetPipelineCommand({ name: names.pipelineName }))).pipeline!;
  const [source, ...rest] = pipeline.stages!;
  const sourceArtifact = source!.actions![0]!.outputArtifacts![0]!.name!;
  const reads = (ref: string | undefined) => ref?.replace(new RegExp(`^${sourceArtifact}::`), 'BuildOutput::');
  pipeline.stages = [
    source!,
    buildStage(PROJECT, sourceArtifact),
    ...rest.map((stage) => ({
      ...stage,
      actions: stage.actions!.map((a) => ({
        ...a,
        inputArtifacts: a.inputArtifacts?.map((i) => (i.name === sourceArtifact ? { name: 'BuildOutput' } : i)),
        configuration: a.configuration && { ...a.configuration, ...(a.configuration['TemplatePath'] ? { TemplatePath: reads(a.configuration['TemplatePath'])! } : {}) },
      })),
    })),
  ];
  delete pipeline.version;
  await cp.send(new UpdatePipelineCommand({ pipeline }));
}
