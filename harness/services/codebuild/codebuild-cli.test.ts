/**
 * The wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an HTTP
 * emulator. create-project / batch-get-projects / list-projects / start-build / batch-get-builds /
 * list-builds-for-project, and create-project refused with CodeBuild's InvalidInputException when the service role
 * does not trust CodeBuild (https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html#troubleshooting-assume-role).
 */
import {
  CodeBuildClient,
  type BatchGetBuildsOutput,
  type BatchGetProjectsOutput,
  type CreateProjectOutput,
  type ListBuildsForProjectOutput,
  type ListProjectsOutput,
  type StartBuildOutput,
} from '@aws-sdk/client-codebuild';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsFailure, awsJson } from '../../../test/helpers/aws-cli.js';
import { createRole, waitForBuild } from './test-fixtures.js';

const A = '111111111111';
const BUCKET = 'cli-builds-111111111111';

describe('CodeBuild with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  let role: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
    role = await createRole(emu, A, 'cli-build-role', { Service: 'codebuild.amazonaws.com' }, ['s3:*', 'kms:*']);
    await createRole(emu, A, 'cli-ec2-role', { Service: 'ec2.amazonaws.com' }, []);
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src.zip', Body: zipSync({ 'buildspec.yml': strToU8('version: 0.2\nartifacts:\n  files:\n    - buildspec.yml\n') }) }));
  });
  afterAll(() => emu.dispose());

  const ROOT = { accessKeyId: A, secretAccessKey: 'test' };
  /** The CLI's JSON in the SDK's output shape (timestamps arrive as the CLI prints them, as text). */
  const aws = <T>(...args: string[]) => awsJson<T>(emu.endpoint, ROOT, ['codebuild', ...args]);

  const project = (name: string, serviceRole: string) => [
    'create-project',
    '--name',
    name,
    '--source',
    `type=S3,location=${BUCKET}/src.zip`,
    '--artifacts',
    `type=S3,location=${BUCKET},name=${name}.zip,packaging=ZIP`,
    '--environment',
    'type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL',
    '--service-role',
    serviceRole,
  ];

  it('creates, reads and lists a project, and runs a build', async () => {
    const created = await aws<CreateProjectOutput>(...project('cli-project', role));
    expect(created.project).toMatchObject({ name: 'cli-project', arn: `arn:aws:codebuild:us-east-1:${A}:project/cli-project`, serviceRole: role });
    expect(typeof created.project!.created).toBe('string');
    const got = await aws<BatchGetProjectsOutput>('batch-get-projects', '--names', 'cli-project', 'missing');
    expect(got.projects!.map((p) => p.name)).toEqual(['cli-project']);
    expect(got.projectsNotFound).toEqual(['missing']);
    expect((await aws<ListProjectsOutput>('list-projects')).projects).toEqual(['cli-project']);
    const started = await aws<StartBuildOutput>('start-build', '--project-name', 'cli-project');
    expect(started.build!.buildStatus).toBe('IN_PROGRESS');
    await waitForBuild(new CodeBuildClient(emu.clientConfig(A)), started.build!.id!);
    const builds = await aws<BatchGetBuildsOutput>('batch-get-builds', '--ids', started.build!.id!);
    expect(builds.builds![0]).toMatchObject({ id: started.build!.id!, buildStatus: 'SUCCEEDED', buildComplete: true, currentPhase: 'COMPLETED' });
    expect((await aws<ListBuildsForProjectOutput>('list-builds-for-project', '--project-name', 'cli-project')).ids).toEqual([started.build!.id!]);
  });

  it('refuses a service role that does not trust CodeBuild', async () => {
    const untrusting = `arn:aws:iam::${A}:role/cli-ec2-role`;
    expect(await awsFailure(emu.endpoint, ROOT, ['codebuild', ...project('cli-refused', untrusting)])).toEqual({
      exitCode: 254,
      code: 'InvalidInputException',
      operation: 'CreateProject',
      message: `CodeBuild is not authorized to perform: sts:AssumeRole on ${untrusting}`,
    });
  });
});
