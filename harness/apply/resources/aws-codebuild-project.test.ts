/**
 * aws_codebuild_project applied to the emulator: the provider's arguments reach CodeBuild as CreateProject takes
 * them (build_timeout, environment_variable, secondary sources and artifacts), `id` and `arn` are the project's ARN,
 * and a service role CodeBuild cannot assume fails the resource with CodeBuild's code, status and words
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html#troubleshooting-assume-role).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codebuild_project
 */
import { BatchGetProjectsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';
import { ApplyResourceError } from '../errors.js';

const A = '111111111111';
const provider = { aws: [{ region: 'us-east-1', access_key: A, secret_key: 'test' }] };

const config = (trusted: string) => ({
  provider,
  data: { aws_iam_policy_document: { trust: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [trusted] }] }] } } },
  resource: {
    aws_iam_role: { build: { name: 'tf-build-role', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } },
    aws_codebuild_project: {
      build: {
        name: 'tf-project',
        service_role: '${aws_iam_role.build.arn}',
        build_timeout: '20',
        artifacts: [{ type: 'CODEPIPELINE' }],
        secondary_artifacts: [{ type: 'S3', location: 'out-bucket', artifact_identifier: 'extra' }],
        environment: [{ compute_type: 'BUILD_GENERAL1_SMALL', image: 'aws/codebuild/standard:7.0', type: 'LINUX_CONTAINER', environment_variable: [{ name: 'STAGE', value: 'prod' }] }],
        source: [{ type: 'CODEPIPELINE', buildspec: 'buildspec.yml' }],
        secondary_sources: [{ type: 'S3', location: 'src-bucket/lib.zip', source_identifier: 'lib' }],
        logs_config: [{ cloudwatch_logs: [{ status: 'ENABLED' }] }],
        tags: { team: 'delivery' },
      },
    },
  },
});

describe('aws_codebuild_project', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.dispose());

  it('an empty dynamic "vpc_config" block (for_each over an empty list) is no block: the project is created', async () => {
    // test/held-out/aws-samples-terraform-aws-multi-account-pipeline/modules/codebuild/main.tf with vpc = null.
    emu.reset();
    const c = config('codebuild.amazonaws.com');
    const build = c.resource.aws_codebuild_project.build as Record<string, unknown>;
    build['dynamic'] = { vpc_config: [{ for_each: '${[]}', content: [{ vpc_id: '${vpc_config.value.vpc_id}', subnets: '${vpc_config.value.subnets}', security_group_ids: '${vpc_config.value.security_group_ids}' }] }] };
    const result = await apply(c, { resolver: emu });
    expect(result.resources.map((r) => r.address)).toContain('aws_codebuild_project.build');
    const project = (await new CodeBuildClient(emu.clientConfig(A)).send(new BatchGetProjectsCommand({ names: ['tf-project'] }))).projects![0]!;
    expect(project.vpcConfig).toBeUndefined();
  });

  it('creates the project as CodeBuild takes it', async () => {
    emu.reset();
    const result = await apply(config('codebuild.amazonaws.com'), { resolver: emu });
    const arn = `arn:aws:codebuild:us-east-1:${A}:project/tf-project`;
    expect(result.resources.find((r) => r.address === 'aws_codebuild_project.build')!.attributes).toMatchObject({ arn, id: arn });
    const project = (await new CodeBuildClient(emu.clientConfig(A)).send(new BatchGetProjectsCommand({ names: ['tf-project'] }))).projects![0]!;
    expect(project).toMatchObject({
      serviceRole: `arn:aws:iam::${A}:role/tf-build-role`,
      timeoutInMinutes: 20,
      source: { type: 'CODEPIPELINE', buildspec: 'buildspec.yml' },
      secondarySources: [{ type: 'S3', location: 'src-bucket/lib.zip', sourceIdentifier: 'lib' }],
      secondaryArtifacts: [{ type: 'S3', location: 'out-bucket', artifactIdentifier: 'extra' }],
      environment: { environmentVariables: [{ name: 'STAGE', value: 'prod', type: 'PLAINTEXT' }] },
      tags: [{ key: 'team', value: 'delivery' }],
    });
  });

  it('fails with CodeBuild\'s words when the service role does not trust CodeBuild', async () => {
    emu.reset();
    const e = (await apply(config('ec2.amazonaws.com'), { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
    expect(e).toBeInstanceOf(ApplyResourceError);
    expect(e.address).toBe('aws_codebuild_project.build');
    expect(e.code).toBe('InvalidInputException');
    expect(e.statusCode).toBe(400);
    expect(e.awsMessage).toBe(`CodeBuild is not authorized to perform: sts:AssumeRole on arn:aws:iam::${A}:role/tf-build-role`);
  });
});
