/**
 * CodeBuild through the real @aws-sdk/client-codebuild over both transports: projects (create, read, update, list,
 * delete) with the service-role checks AWS makes, and builds run as the project's service role.
 * Wordings asserted and their sources:
 * - "CodeBuild is not authorized to perform: sts:AssumeRole on <role>" (InvalidInputException, 400):
 *   https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html#troubleshooting-assume-role
 * - iam:PassRole refused: errors.jsonl E066 (IAM's words), as AccessDeniedException with HTTP 400, the code and status
 *   CodeBuild answers denials with (udacity/cd0157-Server-Deployment-and-Containerization#47: "Service: AWSCodeBuild;
 *   Status Code: 400; Error Code: AccessDeniedException").
 * - "Project cannot be found: <arn>" (ResourceNotFoundException): https://ncona.com/2020/05/aws-code-pipeline.
 * - "Project already exists: <arn>" (ResourceAlreadyExistsException): not recorded from AWS; moto's wording
 *   (getmoto/moto moto/codebuild/responses.py), as errors.ts says.
 * - DOWNLOAD_SOURCE CLIENT_ERROR "… for primary source and source version arn:aws:s3:::<bucket>/<key>": errors.jsonl E088.
 * - DOWNLOAD_SOURCE YAML_FILE_ERROR "stat /codebuild/output/src<n>/src/<file>: no such file or directory": public build
 *   logs found with the search tool (build-run.ts).
 */
import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  CreateProjectCommand,
  DeleteProjectCommand,
  ListBuildsForProjectCommand,
  ListProjectsCommand,
  StartBuildCommand,
  StopBuildCommand,
  UpdateProjectCommand,
  type CreateProjectCommandInput,
} from '@aws-sdk/client-codebuild';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { allow, createRole, waitForBuild } from './test-fixtures.js';

const A = '111111111111';
const REGION = 'us-east-1';
const BUCKET = 'cb-source-111111111111';
const OUT = 'cb-output-111111111111';

const thrown = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata: { httpStatusCode?: number } };
    return { code: err.name, status: err.$metadata.httpStatusCode, message: err.message };
  }
  throw new Error('expected an error');
};

const BUILDSPEC = `version: 0.2
phases:
  build:
    commands:
      - echo building
artifacts:
  base-directory: app
  files:
    - '**/*'
`;

describe.each(['in-process', 'http'] as const)('CodeBuild over %s', (transport) => {
  let emu: RunningEmulator;
  let cb: CodeBuildClient;
  let role: string;
  let readless: string;

  const project = (name: string, o: Partial<CreateProjectCommandInput> = {}): CreateProjectCommandInput => ({
    name,
    source: { type: 'S3', location: `${BUCKET}/app.zip`, buildspec: BUILDSPEC },
    artifacts: { type: 'S3', location: OUT, name: 'out.zip', packaging: 'ZIP' },
    environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
    serviceRole: role,
    ...o,
  });

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cb = new CodeBuildClient(emu.clientConfig(A));
    role = await createRole(emu, A, 'build-role', { Service: 'codebuild.amazonaws.com' }, ['s3:*', 'kms:*']);
    readless = await createRole(emu, A, 'readless-role', { Service: 'codebuild.amazonaws.com' }, ['s3:PutObject']);
    await createRole(emu, A, 'ec2-role', { Service: 'ec2.amazonaws.com' }, []);
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: OUT }));
    const zip = zipSync({ 'app/index.html': strToU8('<h1>built</h1>'), 'app/css/site.css': strToU8('h1{}'), 'README.md': strToU8('x') });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'app.zip', Body: zip }));
  });
  afterAll(() => emu.dispose());

  it('creates a project with the defaults AWS returns, and lists, updates and deletes it', async () => {
    const created = await cb.send(new CreateProjectCommand(project('site')));
    expect(created.project).toMatchObject({
      name: 'site',
      arn: `arn:aws:codebuild:${REGION}:${A}:project/site`,
      serviceRole: role,
      encryptionKey: `arn:aws:kms:${REGION}:${A}:alias/aws/s3`,
      timeoutInMinutes: 60,
      queuedTimeoutInMinutes: 480,
    });
    expect(created.project!.created).toBeInstanceOf(Date);
    expect((await cb.send(new ListProjectsCommand({}))).projects).toContain('site');
    const got = await cb.send(new BatchGetProjectsCommand({ names: ['site', 'nope'] }));
    expect(got.projects!.map((p) => p.name)).toEqual(['site']);
    expect(got.projectsNotFound).toEqual(['nope']);
    const updated = await cb.send(new UpdateProjectCommand({ name: 'site', description: 'the site', timeoutInMinutes: 5 }));
    expect(updated.project).toMatchObject({ name: 'site', description: 'the site', timeoutInMinutes: 5, serviceRole: role });
    await cb.send(new CreateProjectCommand(project('doomed')));
    await cb.send(new DeleteProjectCommand({ name: 'doomed' }));
    expect((await cb.send(new BatchGetProjectsCommand({ names: ['doomed'] }))).projectsNotFound).toEqual(['doomed']);
  });

  it('refuses a project name in use', async () => {
    await cb.send(new CreateProjectCommand(project('twice')));
    expect(await thrown(cb.send(new CreateProjectCommand(project('twice'))))).toEqual({
      code: 'ResourceAlreadyExistsException',
      status: 400,
      message: `Project already exists: arn:aws:codebuild:${REGION}:${A}:project/twice`,
    });
  });

  it('refuses a service role CodeBuild cannot assume: untrusting or missing', async () => {
    for (const r of [`arn:aws:iam::${A}:role/ec2-role`, `arn:aws:iam::${A}:role/no-such-role`]) {
      expect(await thrown(cb.send(new CreateProjectCommand(project('bad-role', { serviceRole: r }))))).toEqual({
        code: 'InvalidInputException',
        status: 400,
        message: `CodeBuild is not authorized to perform: sts:AssumeRole on ${r}`,
      });
    }
    expect((await cb.send(new BatchGetProjectsCommand({ names: ['bad-role'] }))).projectsNotFound).toEqual(['bad-role']);
  });

  it('assumes the service role for the project: a trust scoped by aws:SourceArn and aws:SourceAccount admits its projects only', async () => {
    // The condition keys AWS's CodeBuild guide gives for the service principal acting for a project
    // (https://docs.aws.amazon.com/codebuild/latest/userguide/sample-ecr.html: "aws:SourceArn":
    // "arn:aws:codebuild:<region>:<AWS-account-ID>:project/<project-name>", "aws:SourceAccount"), as
    // aws-samples/terraform-aws-multi-account-pipeline scopes its CodeBuild role (codebuild.tf, StringLike project/<name>-*).
    const iam = new IAMClient(emu.clientConfig(A));
    const scoped = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: `scoped-${transport}`,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'codebuild.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringLike: { 'aws:SourceArn': `arn:aws:codebuild:${REGION}:${A}:project/team-*` }, StringEquals: { 'aws:SourceAccount': A } },
              },
            ],
          }),
        }),
      )
    ).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: `scoped-${transport}`, PolicyName: 'build', PolicyDocument: allow(['s3:*', 'kms:*']) }));
    expect((await cb.send(new CreateProjectCommand(project('team-build', { serviceRole: scoped })))).project?.serviceRole).toBe(scoped);
    expect(await thrown(cb.send(new CreateProjectCommand(project('other-build', { serviceRole: scoped }))))).toEqual({
      code: 'InvalidInputException',
      status: 400,
      message: `CodeBuild is not authorized to perform: sts:AssumeRole on ${scoped}`,
    });
    const { build } = await cb.send(new StartBuildCommand({ projectName: 'team-build' }));
    expect((await waitForBuild(cb, build!.id!)).buildStatus).toBe('SUCCEEDED');
  });

  it('refuses a caller that may not pass the service role, and records why', async () => {
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: `nopass-${transport}` }));
    await iam.send(new PutUserPolicyCommand({ UserName: `nopass-${transport}`, PolicyName: 'cb', PolicyDocument: allow('codebuild:*') }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: `nopass-${transport}` }))).AccessKey!;
    const user = new CodeBuildClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    expect(await thrown(user.send(new CreateProjectCommand(project('nopass'))))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/nopass-${transport} is not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`,
    });
  });

  it('refuses to start a build of a project that does not exist', async () => {
    expect(await thrown(cb.send(new StartBuildCommand({ projectName: 'ghost' })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 400,
      message: `Project cannot be found: arn:aws:codebuild:${REGION}:${A}:project/ghost`,
    });
    expect(await thrown(cb.send(new StopBuildCommand({ id: 'ghost:1234' })))).toMatchObject({ code: 'ResourceNotFoundException', status: 400, message: 'Build ghost:1234 does not exist' });
  });

  it('runs a build as the service role: source read, phases reported without running commands, artifact written under aws/s3', async () => {
    await cb.send(new CreateProjectCommand(project('builds')));
    const started = await cb.send(new StartBuildCommand({ projectName: 'builds' }));
    expect(started.build).toMatchObject({ buildStatus: 'IN_PROGRESS', projectName: 'builds', buildNumber: 1, initiator: 'root' });
    expect(started.build!.id).toMatch(/^builds:[0-9a-f-]{36}$/);
    const build = await waitForBuild(cb, started.build!.id!);
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(build.phases!.map((p) => `${p.phaseType}:${p.phaseStatus ?? ''}`)).toEqual([
      'SUBMITTED:SUCCEEDED',
      'QUEUED:SUCCEEDED',
      'PROVISIONING:SUCCEEDED',
      'DOWNLOAD_SOURCE:SUCCEEDED',
      'INSTALL:SUCCEEDED',
      'PRE_BUILD:SUCCEEDED',
      'BUILD:SUCCEEDED',
      'POST_BUILD:SUCCEEDED',
      'UPLOAD_ARTIFACTS:SUCCEEDED',
      'FINALIZING:SUCCEEDED',
      'COMPLETED:',
    ]);
    expect(build.phases!.find((p) => p.phaseType === 'BUILD')!.contexts).toEqual([
      { statusCode: 'COMMANDS_NOT_RUN', message: 'xacct did not run the commands of this phase (run with --run-builds to run them)' },
    ]);
    expect(build.artifacts!.location).toBe(`arn:aws:s3:::${OUT}/out.zip`);
    const out = await new S3Client(emu.clientConfig(A)).send(new GetObjectCommand({ Bucket: OUT, Key: 'out.zip' }));
    expect(out.ServerSideEncryption).toBe('aws:kms');
    const files = unzipSync(await out.Body!.transformToByteArray());
    expect(Object.keys(files).sort()).toEqual(['css/site.css', 'index.html']);
    expect((await cb.send(new ListBuildsForProjectCommand({ projectName: 'builds' }))).ids).toEqual([build.id]);
  });

  it('fails the build in DOWNLOAD_SOURCE when the named buildspec is not in the source, naming the container path', async () => {
    await cb.send(new CreateProjectCommand(project('specless', { source: { type: 'S3', location: `${BUCKET}/app.zip`, buildspec: 'ci/buildspec-integration.yml' } })));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'specless' }));
    const build = await waitForBuild(cb, started!.id!);
    expect(build.buildStatus).toBe('FAILED');
    // As CodeBuild names the file in its container: "stat /codebuild/output/src689818481/src/buildspec.yml: no such
    // file or directory" (public build logs found with the search tool, see build-run.ts).
    expect(build.phases!.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')).toMatchObject({
      phaseStatus: 'FAILED',
      contexts: [{ statusCode: 'YAML_FILE_ERROR', message: expect.stringMatching(/^stat \/codebuild\/output\/src\d{9}\/src\/ci\/buildspec-integration\.yml: no such file or directory$/) }],
    });
    expect(build.phases!.map((p) => p.phaseType)).not.toContain('BUILD');
  });

  it('fails the build in DOWNLOAD_SOURCE when the service role may not read the source (E088)', async () => {
    await cb.send(new CreateProjectCommand(project('readless', { serviceRole: readless })));
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: 'readless' }));
    const build = await waitForBuild(cb, started!.id!);
    expect(build.buildStatus).toBe('FAILED');
    const download = build.phases!.find((p) => p.phaseType === 'DOWNLOAD_SOURCE')!;
    expect(download.phaseStatus).toBe('FAILED');
    expect(download.contexts![0]!.statusCode).toBe('CLIENT_ERROR');
    const session = `arn:aws:sts::${A}:assumed-role/readless-role/AWSCodeBuild-${started!.id!.split(':')[1]}`;
    expect(download.contexts![0]!.message).toMatch(
      new RegExp(
        `^error while downloading key app\\.zip, error: AccessDenied: User: ${session} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${BUCKET}/app\\.zip" because no identity-based policy allows the s3:GetObject action status code: 403, request id: [0-9A-F]{16}, host id: \\S+ for primary source and source version arn:aws:s3:::${BUCKET}/app\\.zip$`,
      ),
    );
    expect(build.phases!.map((p) => p.phaseType)).not.toContain('BUILD');
  });
});
