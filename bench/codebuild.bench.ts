/**
 * Wall time of a pipeline with a CodeBuild action in the embedded emulator (issue 15, "Performance"): the reference
 * pipeline (applied from the CDKTF stacks) with a Build stage between its S3 source and its cross-account
 * CloudFormation and S3 deploys (the buildspec's commands not run), beside the reference pipeline's own time.
 * The CodeCommit source of the target pipeline is not part of this measurement.
 * Run alone: `node --import tsx bench/codebuild.bench.ts`.
 */
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, CreatePipelineCommand, GetPipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { pathToFileURL } from 'node:url';
import { apply } from '../harness/apply/index.js';
import { startEmulator, type RunningEmulator } from '../harness/index.js';
import { sourceArtifact } from '../harness/runner/artifact.js';
import { buildStage } from '../harness/services/codebuild/test-fixtures.js';
import { waitForExecution } from '../harness/services/codepipeline/wait.js';
import { synthReferenceSetup } from '../stacks/reference-setup.js';

const PIPELINE = '111111111111';
const allow = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

async function timed(emu: RunningEmulator, cp: CodePipelineClient, name: string): Promise<{ ms: number; status: string }> {
  const start = performance.now();
  const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name }));
  const exec = await waitForExecution(emu.emulator, PIPELINE, emu.region, name, pipelineExecutionId!);
  return { ms: Number((performance.now() - start).toFixed(1)), status: exec.status };
}

export async function benchCodeBuildPipeline(): Promise<Record<string, unknown>> {
  await using emu = await startEmulator();
  await apply(synthReferenceSetup(), { resolver: { clientConfig: (id) => emu.clientConfig(id) } });
  const root = emu.clientConfig(PIPELINE);
  await new S3Client(root).send(new PutObjectCommand({ Bucket: `xacct-source-${PIPELINE}`, Key: 'app.zip', Body: sourceArtifact() }));
  const iam = new IAMClient(root);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-build', AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench-build', PolicyName: 'build', PolicyDocument: allow(['s3:*', 'kms:*']) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'codepipeline-service-role', PolicyName: 'codebuild', PolicyDocument: allow(['codebuild:StartBuild', 'codebuild:BatchGetBuilds']) }));
  const cp = new CodePipelineClient(root);
  const reference = (await cp.send(new GetPipelineCommand({ name: 'xacct-pipeline' }))).pipeline!;
  await new CodeBuildClient(root).send(
    new CreateProjectCommand({
      name: 'bench',
      source: { type: 'CODEPIPELINE', buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - make\nartifacts:\n  files:\n    - '**/*'\n" },
      artifacts: { type: 'CODEPIPELINE' },
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
      serviceRole: `arn:aws:iam::${PIPELINE}:role/bench-build`,
      encryptionKey: reference.artifactStore!.encryptionKey!.id,
    }),
  );
  const [source, deploy] = reference.stages!;
  await cp.send(
    new CreatePipelineCommand({
      pipeline: {
        ...reference,
        name: 'with-build',
        stages: [
          source!,
          buildStage('bench', 'SourceArtifact'),
          {
            ...deploy!,
            actions: deploy!.actions!.map((a) => ({
              ...a,
              inputArtifacts: [{ name: 'BuildOutput' }],
              configuration: { ...a.configuration, ...(a.configuration?.['TemplatePath'] ? { TemplatePath: 'BuildOutput::template.yaml', StackName: 'with-build-app' } : {}) },
            })),
          },
        ],
      },
    }),
  );
  // The first execution loads CloudFormation's template engine and the SDK paths: both timings are of warm runs.
  const warmUp = await timed(emu, cp, 'xacct-pipeline');
  const referenceRun = await timed(emu, cp, 'xacct-pipeline');
  const withBuild = await timed(emu, cp, 'with-build');
  return {
    benchmark: 'a pipeline with a CodeBuild action (commands not run) and cross-account deploys (in-process)',
    'first (cold) execution ms': warmUp.ms,
    'reference pipeline ms': referenceRun.ms,
    'reference status': referenceRun.status,
    'with CodeBuild ms': withBuild.ms,
    'with CodeBuild status': withBuild.status,
    target: 'with CodeBuild < 300 ms',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchCodeBuildPipeline());
