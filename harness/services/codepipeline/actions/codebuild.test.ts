/**
 * The CodeBuild action in a cross-account pipeline, on the reference setup applied from the CDKTF stacks (pipeline
 * account 111111111111 with the artifact bucket and its customer-managed key; action role and deploy role in
 * 222222222222): Source (S3) -> Build (CodeBuild in the pipeline account) -> Deploy (CloudFormation in the target
 * account, reading the build's output artifact).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html (several output artifacts
 * come from the buildspec's secondary-artifacts, whose identifiers are the output artifact names).
 * Negative cases and where their words come from:
 * - a project that does not exist: "Error calling startBuild: Project cannot be found: <arn> (Service: AWSCodeBuild;
 *   Status Code: 400; Error Code: ResourceNotFoundException; Request ID: <id>)", https://ncona.com/2020/05/aws-code-pipeline;
 * - a build role without kms:Decrypt on the artifact key: "Build terminated with state: FAILED. Phase:
 *   DOWNLOAD_SOURCE, Code: CLIENT_ERROR, Message: …" (errors.jsonl E088 for the DOWNLOAD_SOURCE message, E026 for
 *   S3's words when KMS refuses the decryption within one account);
 * - a project without an encryption key: its output is under the pipeline account's aws/s3 key, which another
 *   account cannot use (errors.jsonl E098: "you cannot pass an artifact from one account to another if neither a
 *   customer managed key …"); the deploy action's read fails with E087's layout and S3's words for the KMS refusal
 *   of another account (E005/E025: "The ciphertext refers to a customer master key that does not exist, does not
 *   exist in this region, or you are not allowed to access.").
 */
import { BatchGetBuildsCommand, CodeBuildClient, CreateProjectCommand, ListBuildsForProjectCommand } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, CreatePipelineCommand, GetPipelineCommand, GetPipelineStateCommand, StartPipelineExecutionCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../../apply/index.js';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { synthReferenceSetup } from '../../../../stacks/reference-setup.js';
import { rootPrincipal } from '../../../world/principal.js';
import { buildStage } from '../../codebuild/test-fixtures.js';
import { allow, trust } from '../test-fixtures.js';
import { bodyBytes } from '../artifacts.js';
import { waitForExecution } from '../wait.js';

const PIPELINE_ACCOUNT = '111111111111';
const SOURCE_BUCKET = `xacct-source-${PIPELINE_ACCOUNT}`;
const ARTIFACT_BUCKET = `xacct-artifacts-${PIPELINE_ACCOUNT}`;

const BUILDSPEC = `version: 0.2
phases:
  build:
    commands:
      - ./package.sh
artifacts:
  files:
    - template.yaml
  base-directory: infra
`;

const TEMPLATE = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
`;

describe.each(['in-process', 'http'] as const)('the CodeBuild action over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let cb: CodeBuildClient;
  let reference: PipelineDeclaration;
  let keyArn: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await apply(synthReferenceSetup(), { resolver: { clientConfig: (id) => emu.clientConfig(id) } });
    const zip = zipSync({ 'buildspec.yml': strToU8(BUILDSPEC), 'infra/template.yaml': strToU8(TEMPLATE), 'package.sh': strToU8('true') });
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new PutObjectCommand({ Bucket: SOURCE_BUCKET, Key: 'app.zip', Body: zip }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    cb = new CodeBuildClient(emu.clientConfig(PIPELINE_ACCOUNT));
    reference = (await cp.send(new GetPipelineCommand({ name: 'xacct-pipeline' }))).pipeline!;
    keyArn = reference.artifactStore!.encryptionKey!.id!;
    const iam = new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT));
    const buildRole = async (name: string, actions: string[]) => {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust({ Service: 'codebuild.amazonaws.com' }) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'build', PolicyDocument: allow(actions) }));
    };
    await buildRole('build-role', ['s3:*', 'kms:*', 'logs:*']);
    await buildRole('no-decrypt-role', ['s3:*', 'kms:GenerateDataKey*', 'logs:*']);
    // The Build action has no roleArn: it acts as the pipeline role, which must be allowed to start and watch builds.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'codepipeline-service-role', PolicyName: 'codebuild', PolicyDocument: allow(['codebuild:StartBuild', 'codebuild:BatchGetBuilds']) }));
    const project = async (name: string, role: string, encryptionKey?: string) =>
      cb.send(
        new CreateProjectCommand({
          name,
          source: { type: 'CODEPIPELINE' },
          artifacts: { type: 'CODEPIPELINE' },
          environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
          serviceRole: role,
          ...(encryptionKey ? { encryptionKey } : {}),
        }),
      );
    await project('with-key', 'build-role', keyArn);
    await project('without-key', 'build-role');
    await project('no-decrypt', 'no-decrypt-role', keyArn);
  });
  afterAll(() => emu.dispose());

  /** The reference pipeline with a Build stage between its source and a deploy of the build's output. */
  async function run(name: string, projectName: string) {
    const [source, deploy] = reference.stages!;
    const cfnDeploy = deploy!.actions!.find((a) => a.actionTypeId?.provider === 'CloudFormation')!;
    const pipeline: PipelineDeclaration = {
      ...reference,
      name,
      stages: [
        source!,
        buildStage(projectName, source!.actions![0]!.outputArtifacts![0]!.name!),
        {
          name: 'Deploy',
          actions: [{ ...cfnDeploy, inputArtifacts: [{ name: 'BuildOutput' }], configuration: { ...cfnDeploy.configuration, StackName: name, TemplatePath: 'BuildOutput::template.yaml' } }],
        },
      ],
    };
    await cp.send(new CreatePipelineCommand({ pipeline }));
    const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name }));
    const exec = await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', name, pipelineExecutionId!);
    const state = await cp.send(new GetPipelineStateCommand({ name }));
    const action = (stage: string) => state.stageStates!.find((s) => s.stageName === stage)!.actionStates![0]!.latestExecution!;
    return { exec, action };
  }

  it('builds as the project role and deploys the output, encrypted with the project key, into the target account', async () => {
    const { exec, action } = await run('builds', 'with-key');
    expect(exec.status).toBe('Succeeded');
    expect(action('Build')).toMatchObject({ status: 'Succeeded' });
    const location = exec.artifacts.get('BuildOutput')!;
    expect(location.key).toMatch(/^builds\/BuildOutput\/[A-Za-z0-9]{7}$/);
    // The bucket policy refuses plain HTTP: read as the account's root through the request path, as a secure call.
    const stored = await emu.emulator.invokeAs<{ SSEKMSKeyId?: string }>(rootPrincipal(PIPELINE_ACCOUNT), 's3', 'GetObject', { Bucket: ARTIFACT_BUCKET, Key: location.key });
    expect(stored.SSEKMSKeyId).toBe(keyArn);
    const ids = (await cb.send(new ListBuildsForProjectCommand({ projectName: 'with-key' }))).ids!;
    const build = (await cb.send(new BatchGetBuildsCommand({ ids }))).builds![0]!;
    expect(build.phases!.find((p) => p.phaseType === 'BUILD')!.contexts![0]!.statusCode).toBe('COMMANDS_NOT_RUN');
    expect(action('Build').externalExecutionId).toBe(build.id);
  });

  it('writes several output artifacts from the buildspec\'s secondary-artifacts, named by identifier', async () => {
    await cb.send(
      new CreateProjectCommand({
        name: 'two-outputs',
        source: {
          type: 'CODEPIPELINE',
          buildspec: 'version: 0.2\nartifacts:\n  files: []\n  secondary-artifacts:\n    Templates:\n      files:\n        - infra/template.yaml\n      discard-paths: yes\n    Scripts:\n      files:\n        - package.sh\n',
        },
        artifacts: { type: 'CODEPIPELINE' },
        environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
        serviceRole: 'build-role',
        encryptionKey: keyArn,
      }),
    );
    const [source, deploy] = reference.stages!;
    const cfnDeploy = deploy!.actions!.find((a) => a.actionTypeId?.provider === 'CloudFormation')!;
    const build = buildStage('two-outputs', 'SourceArtifact');
    build.actions![0]!.outputArtifacts = [{ name: 'Templates' }, { name: 'Scripts' }];
    const deployTemplates = { ...cfnDeploy, inputArtifacts: [{ name: 'Templates' }], configuration: { ...cfnDeploy.configuration, StackName: 'two-outputs', TemplatePath: 'Templates::template.yaml' } };
    await cp.send(new CreatePipelineCommand({ pipeline: { ...reference, name: 'two-outputs', stages: [source!, build, { name: 'Deploy', actions: [deployTemplates] }] } }));
    const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name: 'two-outputs' }));
    const exec = await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'two-outputs', pipelineExecutionId!);
    expect(exec.status, exec.statusSummary).toBe('Succeeded');
    const files = async (artifact: string) => {
      const location = exec.artifacts.get(artifact)!;
      expect(location.key).toMatch(new RegExp(`^two-outputs/${artifact}/[A-Za-z0-9]{7}$`));
      const object = await emu.emulator.invokeAs<{ Body?: unknown }>(rootPrincipal(PIPELINE_ACCOUNT), 's3', 'GetObject', { Bucket: ARTIFACT_BUCKET, Key: location.key });
      return Object.keys(unzipSync(await bodyBytes(object.Body))).sort();
    };
    expect(await files('Templates')).toEqual(['template.yaml']);
    expect(await files('Scripts')).toEqual(['package.sh']);
  });

  it('fails the deploy in the target account when the project names no key: its output is under aws/s3', async () => {
    const { exec, action } = await run('no-key', 'without-key');
    expect(exec.status).toBe('Failed');
    expect(action('Build').status).toBe('Succeeded');
    expect(action('Deploy').status).toBe('Failed');
    expect(action('Deploy').errorDetails!.message).toMatch(
      /^The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access\. \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: [0-9A-F]{16}; S3 Extended Request ID: \S+\)$/,
    );
  });

  it('fails the build in DOWNLOAD_SOURCE when the build role may not decrypt the artifact', async () => {
    const { exec, action } = await run('no-decrypt', 'no-decrypt');
    expect(exec.status).toBe('Failed');
    const message = action('Build').errorDetails!.message!;
    expect(message).toMatch(
      new RegExp(
        `^Build terminated with state: FAILED\\. Phase: DOWNLOAD_SOURCE, Code: CLIENT_ERROR, Message: error while downloading key no-decrypt/SourceArtifact/\\w{7}, error: AccessDenied: User: arn:aws:sts::${PIPELINE_ACCOUNT}:assumed-role/no-decrypt-role/AWSCodeBuild-[0-9a-f-]{36} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action status code: 403, request id: [0-9A-F]{16}, host id: \\S+ for primary source and source version arn:aws:s3:::${ARTIFACT_BUCKET}/no-decrypt/SourceArtifact/\\w{7}$`,
      ),
    );    // The failed action keeps the build it ran as its external execution, as one that succeeded does.
    expect(action('Build').externalExecutionId).toMatch(/^no-decrypt:[0-9a-f-]{36}$/);
  });

  it('fails with CodeBuild\'s words when the project does not exist', async () => {
    const { action } = await run('ghost', 'ghost-project');
    expect(action('Build').errorDetails!.message).toMatch(
      new RegExp(`^Error calling startBuild: Project cannot be found: arn:aws:codebuild:us-east-1:${PIPELINE_ACCOUNT}:project/ghost-project \\(Service: AWSCodeBuild; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}\\)$`),
    );
  });
});
