/**
 * Supplied outputs (build-run.ts): a build whose buildspec commands are not run packages, in their place, the files
 * supplied for it from this machine (`xacct run --build-output PROJECT=DIR`, laid at the source root; a CDK app's
 * cloud assembly as `cdk.out`, for builds whose artifacts take that base-directory and whose sources lack it).
 * Without them, an artifact whose files the commands would make selects nothing and the build fails as CodeBuild
 * fails it: UPLOAD_ARTIFACTS, CLIENT_ERROR "no matching artifact paths found" (a CodeBuild log recorded in
 * aws-samples/amazon-ecs-fargate-cdk-cicd#13: "Phase complete: UPLOAD_ARTIFACTS State: FAILED … Phase context status
 * code: CLIENT_ERROR Message: no matching artifact paths found").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeBuildClient, CreateProjectCommand, StartBuildCommand, type CreateProjectCommandInput } from '@aws-sdk/client-codebuild';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { createRole, waitForBuild } from './test-fixtures.js';

const A = '111111111111';
const BUCKET = 'supplied-source-111111111111';
const OUT = 'supplied-output-111111111111';

const PACKAGING = `version: 0.2
phases:
  build:
    commands:
      - sam package --template-file template.yaml --output-template-file packaged.yml
artifacts:
  files:
    - packaged.yml
`;

const SYNTH = `version: 0.2
phases:
  build:
    commands:
      - npx cdk synth
artifacts:
  base-directory: cdk.out
  files:
    - '**/*'
`;

describe('builds whose commands are not run package the outputs supplied for them', () => {
  let emu: RunningEmulator;
  let cb: CodeBuildClient;
  let s3: S3Client;
  let role: string;
  let dir: string;

  const project = (name: string, buildspec: string, source = 'app.zip'): CreateProjectCommandInput => ({
    name,
    source: { type: 'S3', location: `${BUCKET}/${source}`, buildspec },
    artifacts: { type: 'S3', location: OUT, name: `${name}.zip`, packaging: 'ZIP' },
    environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
    serviceRole: role,
  });

  const build = async (name: string) => {
    const { build: started } = await cb.send(new StartBuildCommand({ projectName: name }));
    return waitForBuild(cb, started!.id!);
  };

  const packaged = async (name: string) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: OUT, Key: `${name}.zip` }));
    return Object.fromEntries(Object.entries(unzipSync(await out.Body!.transformToByteArray())).map(([k, v]) => [k, strFromU8(v)]));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xacct-supplied-'));
    mkdirSync(join(dir, 'packaging'));
    writeFileSync(join(dir, 'packaging', 'packaged.yml'), 'Resources: {}\n');
    mkdirSync(join(dir, 'assembly', 'asset.1'), { recursive: true });
    writeFileSync(join(dir, 'assembly', 'manifest.json'), '{"version":"36.0.0"}');
    writeFileSync(join(dir, 'assembly', 'asset.1', 'index.js'), 'exports.handler = 1;');
    emu = await startEmulator({
      transport: 'in-process',
      buildOutputs: [
        { project: 'packager', directory: '.', path: join(dir, 'packaging') },
        { directory: 'cdk.out', path: join(dir, 'assembly') },
      ],
    });
    cb = new CodeBuildClient(emu.clientConfig(A));
    s3 = new S3Client(emu.clientConfig(A));
    role = await createRole(emu, A, 'supplied-build-role', { Service: 'codebuild.amazonaws.com' }, ['s3:*', 'kms:*']);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: OUT }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'app.zip', Body: zipSync({ 'template.yaml': strToU8('Resources: {}') }) }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'committed.zip', Body: zipSync({ 'cdk.out/manifest.json': strToU8('{"committed":true}') }) }));
  });
  afterAll(async () => {
    await emu.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a project named by --build-output packages the supplied files from the source root', async () => {
    await cb.send(new CreateProjectCommand(project('packager', PACKAGING)));
    expect((await build('packager')).buildStatus).toBe('SUCCEEDED');
    expect(await packaged('packager')).toEqual({ 'packaged.yml': 'Resources: {}\n' });
  });

  it('another project with the same buildspec finds no files, and fails as CodeBuild fails it', async () => {
    await cb.send(new CreateProjectCommand(project('unsupplied', PACKAGING)));
    const failed = await build('unsupplied');
    expect(failed.buildStatus).toBe('FAILED');
    expect(failed.phases!.find((p) => p.phaseType === 'UPLOAD_ARTIFACTS')).toMatchObject({
      phaseStatus: 'FAILED',
      contexts: [{ statusCode: 'CLIENT_ERROR', message: 'no matching artifact paths found' }],
    });
  });

  it("a build whose artifacts take cdk.out packages the cloud assembly supplied as cdk.out", async () => {
    await cb.send(new CreateProjectCommand(project('synth', SYNTH)));
    expect((await build('synth')).buildStatus).toBe('SUCCEEDED');
    expect(await packaged('synth')).toEqual({ 'manifest.json': '{"version":"36.0.0"}', 'asset.1/index.js': 'exports.handler = 1;' });
  });

  it('sources that hold cdk.out are what the build packages', async () => {
    await cb.send(new CreateProjectCommand(project('committed', SYNTH, 'committed.zip')));
    expect((await build('committed')).buildStatus).toBe('SUCCEEDED');
    expect(await packaged('committed')).toEqual({ 'manifest.json': '{"committed":true}' });
  });
});
