/**
 * `runBuilds`: a build's buildspec commands run with bash, phase by phase, in one shell state, with the build
 * role's session credentials and AWS_ENDPOINT_URL/AWS_CA_BUNDLE pointing at the emulator, so the AWS CLI inside a
 * build is checked like any client. A failing command fails its phase with COMMAND_EXECUTION_ERROR "Error while
 * executing command: <command>. Reason: exit status <n>" (CodeBuild's wording, quoted in build failures such as
 * "Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: docker build … Reason: exit
 * status 1"), and POST_BUILD still runs after a failed BUILD
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). A refused `aws sts assume-role` is
 * worded as STS words it for a CodeBuild session (errors.jsonl E049).
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html (CODEBUILD_* variables)
 */
import { CodeBuildClient, CreateProjectCommand, StartBuildCommand, type CreateProjectCommandInput } from '@aws-sdk/client-codebuild';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { storeIn } from './store.js';
import { createRole, waitForBuild } from './test-fixtures.js';

const A = '111111111111';
const B = '222222222222';
const BUCKET = 'run-builds-111111111111';

describe.each(['in-process', 'http'] as const)('build commands over %s', (transport) => {
  let emu: RunningEmulator;
  let cb: CodeBuildClient;
  let role: string;

  const project = (name: string, buildspec: string): CreateProjectCommandInput => ({
    name,
    source: { type: 'S3', location: `${BUCKET}/src.zip`, buildspec },
    artifacts: { type: 'S3', location: BUCKET, name: `${name}.zip`, packaging: 'ZIP' },
    environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
    serviceRole: role,
  });

  const run = async (name: string, buildspec: string) => {
    await cb.send(new CreateProjectCommand(project(name, buildspec)));
    const { build } = await cb.send(new StartBuildCommand({ projectName: name }));
    return waitForBuild(cb, build!.id!, 60_000);
  };

  const log = (id: string) => storeIn(emu.emulator.world, A, 'us-east-1')!.builds.get(id)!.log.join('\n');

  beforeAll(async () => {
    emu = await startEmulator({ transport, runBuilds: true });
    cb = new CodeBuildClient(emu.clientConfig(A));
    role = await createRole(emu, A, 'build-role', { Service: 'codebuild.amazonaws.com' }, ['s3:*', 'kms:*', 'sts:AssumeRole']);
    await createRole(emu, B, 'deploy-from-tools', { AWS: `arn:aws:iam::${B}:root` }, []);
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src.zip', Body: zipSync({ 'hello.txt': strToU8('hello') }) }));
  });
  afterAll(() => emu.dispose());

  it('runs the phases in one shell state, as the build role, against the emulator', async () => {
    const build = await run(
      'runs',
      `version: 0.2
env:
  variables:
    GREETING: hi
phases:
  install:
    commands:
      - export FROM_INSTALL=yes
      - mkdir -p out && cd out
  build:
    commands:
      - test "$FROM_INSTALL" = yes && test "$GREETING" = hi
      - cat "$CODEBUILD_SRC_DIR/hello.txt" > copied.txt
      - echo "$CODEBUILD_BUILD_ID" > id.txt
      - aws sts get-caller-identity --query Arn --output text > who.txt
artifacts:
  base-directory: out
  files:
    - '*.txt'
`,
    );
    expect(build.buildStatus, log(build.id!)).toBe('SUCCEEDED');
    expect(build.phases!.find((p) => p.phaseType === 'BUILD')!.contexts).toBeUndefined();
    const out = await new S3Client(emu.clientConfig(A)).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'runs.zip' }));
    const files = unzipSync(await out.Body!.transformToByteArray());
    const text = (f: string) => Buffer.from(files[f]!).toString('utf8').trim();
    expect(text('copied.txt')).toBe('hello');
    expect(text('id.txt')).toBe(build.id);
    expect(text('who.txt')).toBe(`arn:aws:sts::${A}:assumed-role/build-role/AWSCodeBuild-${build.id!.split(':')[1]}`);
    expect(log(build.id!)).toContain('Running command aws sts get-caller-identity --query Arn --output text > who.txt');
  }, 60_000);

  it('sends an AWS CLI that does not read AWS_ENDPOINT_URL (v2 before 2.13) to the emulator too', async () => {
    const path = process.env['PATH'];
    // Only Debian's /usr/bin/aws (v2.9) on the PATH the build inherits.
    process.env['PATH'] = '/usr/bin:/bin';
    try {
      const build = await run(
        'old-cli',
        `version: 0.2
phases:
  build:
    commands:
      - aws --version
      - aws sts get-caller-identity --query Account --output text
artifacts:
  files:
    - hello.txt
`,
      );
      expect(build.buildStatus, log(build.id!)).toBe('SUCCEEDED');
      expect(log(build.id!)).toMatch(/aws-cli\/2\.9\./);
      expect(log(build.id!)).toMatch(new RegExp(`\\d ${A}$`, 'm'));
    } finally {
      process.env['PATH'] = path;
    }
  }, 60_000);

  it('fails the phase and the build on a failing command, and still runs POST_BUILD', async () => {
    const build = await run(
      'fails',
      `version: 0.2
phases:
  build:
    commands:
      - echo before
      - exit 3
      - echo never
  post_build:
    commands:
      - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
`,
    );
    expect(build.buildStatus).toBe('FAILED');
    const phase = (t: string) => build.phases!.find((p) => p.phaseType === t)!;
    expect(phase('BUILD')).toMatchObject({ phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: exit 3. Reason: exit status 3' }] });
    expect(phase('POST_BUILD').phaseStatus).toBe('SUCCEEDED');
    expect(build.phases!.map((p) => p.phaseType)).not.toContain('UPLOAD_ARTIFACTS');
    expect(log(build.id!)).toContain('succeeding=0');
    expect(log(build.id!)).not.toContain('never');
  });

  it("checks an `aws sts assume-role` inside the build against the target role's trust policy", async () => {
    const target = `arn:aws:iam::${B}:role/deploy-from-tools`;
    const build = await run(
      'assumes',
      `version: 0.2
phases:
  build:
    commands:
      - aws sts assume-role --role-arn ${target} --role-session-name deploy
`,
    );
    expect(build.buildStatus).toBe('FAILED');
    const session = `arn:aws:sts::${A}:assumed-role/build-role/AWSCodeBuild-${build.id!.split(':')[1]}`;
    expect(build.phases!.find((p) => p.phaseType === 'BUILD')!.contexts).toEqual([
      // The machine's AWS CLI (v1) exits 255 on a service error; CodeBuild images carry v2, which exits 254.
      { statusCode: 'COMMAND_EXECUTION_ERROR', message: `Error while executing command: aws sts assume-role --role-arn ${target} --role-session-name deploy. Reason: exit status 255` },
    ]);
    expect(log(build.id!)).toContain(`An error occurred (AccessDenied) when calling the AssumeRole operation: User: ${session} is not authorized to perform: sts:AssumeRole on resource: ${target}`);
  });
});
