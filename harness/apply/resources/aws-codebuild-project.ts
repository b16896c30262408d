/**
 * aws_codebuild_project -> CodeBuild CreateProject
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codebuild_project,
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html).
 * Blocks map to the API's members as the provider maps them: build_timeout -> timeoutInMinutes, queued_timeout ->
 * queuedTimeoutInMinutes, environment.environment_variable -> environmentVariables, secondary_sources /
 * secondary_artifacts with their identifiers. CodeBuild's checks apply to the applying principal (iam:PassRole on
 * service_role, the role's trust of codebuild.amazonaws.com). `id` is the project's ARN, as the provider sets it
 * on create.
 * Deviations: logs_config, cache, vpc_config, file_system_locations, build_batch_config, secondary_source_version,
 * registry_credential, fleet and source auth/status blocks are accepted and not sent.
 */
import { CreateProjectCommand, type CreateProjectCommandInput, type CreateProjectCommandOutput, type ProjectArtifacts, type ProjectSource } from '@aws-sdk/client-codebuild';
import { block, blocks, bool, num, reqStr, str, tagList } from '../args.js';
import type { Args, ResourceMapper, Schema } from '../types.js';

const ARTIFACTS: Schema = {
  type: 'value',
  location: 'value',
  name: 'value',
  path: 'value',
  packaging: 'value',
  namespace_type: 'value',
  encryption_disabled: 'value',
  override_artifact_name: 'value',
  artifact_identifier: 'value',
  bucket_owner_access: 'value',
};

const SOURCE: Schema = {
  type: 'value',
  location: 'value',
  buildspec: 'value',
  git_clone_depth: 'value',
  insecure_ssl: 'value',
  report_build_status: 'value',
  source_identifier: 'value',
  git_submodules_config: 'ignored',
  build_status_config: 'ignored',
  auth: 'ignored',
};

function artifacts(b: Args): ProjectArtifacts {
  return {
    type: reqStr(b, 'type') as ProjectArtifacts['type'],
    location: str(b, 'location'),
    name: str(b, 'name'),
    path: str(b, 'path'),
    packaging: str(b, 'packaging') as ProjectArtifacts['packaging'],
    namespaceType: str(b, 'namespace_type') as ProjectArtifacts['namespaceType'],
    encryptionDisabled: bool(b, 'encryption_disabled'),
    overrideArtifactName: bool(b, 'override_artifact_name'),
    artifactIdentifier: str(b, 'artifact_identifier'),
  };
}

function source(b: Args): ProjectSource {
  return {
    type: reqStr(b, 'type') as ProjectSource['type'],
    location: str(b, 'location'),
    buildspec: str(b, 'buildspec'),
    gitCloneDepth: num(b, 'git_clone_depth'),
    insecureSsl: bool(b, 'insecure_ssl'),
    reportBuildStatus: bool(b, 'report_build_status'),
    sourceIdentifier: str(b, 'source_identifier'),
  };
}

export const awsCodebuildProject: ResourceMapper = {
  type: 'aws_codebuild_project',
  schema: {
    name: 'value',
    description: 'value',
    service_role: 'value',
    build_timeout: 'value',
    queued_timeout: 'value',
    encryption_key: 'value',
    source_version: 'value',
    badge_enabled: 'value',
    concurrent_build_limit: 'value',
    project_visibility: 'ignored',
    resource_access_role: 'ignored',
    tags: 'value',
    tags_all: 'ignored',
    artifacts: { block: ARTIFACTS },
    secondary_artifacts: { block: ARTIFACTS },
    source: { block: SOURCE },
    secondary_sources: { block: SOURCE },
    environment: {
      block: {
        compute_type: 'value',
        image: 'value',
        type: 'value',
        image_pull_credentials_type: 'value',
        privileged_mode: 'value',
        certificate: 'value',
        environment_variable: { block: { name: 'value', value: 'value', type: 'value' } },
        registry_credential: 'ignored',
        fleet: 'ignored',
      },
    },
    logs_config: 'ignored',
    cache: 'ignored',
    vpc_config: 'ignored',
    file_system_locations: 'ignored',
    build_batch_config: 'ignored',
    secondary_source_version: 'ignored',
  },
  required: ['name', 'service_role', 'artifacts', 'environment', 'source'],
  computed: ['arn', 'id', 'badge_url'],
  async create(args, ctx) {
    const env = block(args, 'environment')!;
    const input: CreateProjectCommandInput = {
      name: reqStr(args, 'name'),
      description: str(args, 'description'),
      serviceRole: reqStr(args, 'service_role'),
      timeoutInMinutes: num(args, 'build_timeout'),
      queuedTimeoutInMinutes: num(args, 'queued_timeout'),
      encryptionKey: str(args, 'encryption_key'),
      sourceVersion: str(args, 'source_version'),
      badgeEnabled: bool(args, 'badge_enabled'),
      concurrentBuildLimit: num(args, 'concurrent_build_limit'),
      artifacts: artifacts(block(args, 'artifacts')!),
      secondaryArtifacts: blocks(args, 'secondary_artifacts').map(artifacts),
      source: source(block(args, 'source')!),
      secondarySources: blocks(args, 'secondary_sources').map(source),
      environment: {
        type: reqStr(env, 'type') as NonNullable<CreateProjectCommandInput['environment']>['type'],
        image: reqStr(env, 'image'),
        computeType: reqStr(env, 'compute_type') as NonNullable<CreateProjectCommandInput['environment']>['computeType'],
        imagePullCredentialsType: str(env, 'image_pull_credentials_type') as NonNullable<CreateProjectCommandInput['environment']>['imagePullCredentialsType'],
        privilegedMode: bool(env, 'privileged_mode'),
        certificate: str(env, 'certificate'),
        environmentVariables: blocks(env, 'environment_variable').map((v) => ({
          name: reqStr(v, 'name'),
          value: reqStr(v, 'value'),
          type: (str(v, 'type') ?? 'PLAINTEXT') as 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER',
        })),
      },
      tags: tagList(args)?.map((t) => ({ key: t.Key, value: t.Value })),
    };
    const out = (await ctx.clients.codebuild.send(new CreateProjectCommand(input))) as CreateProjectCommandOutput;
    const arn = out.project?.arn ?? `arn:${ctx.partition}:codebuild:${ctx.region}:${ctx.account}:project/${input.name}`;
    return { arn, id: arn, badge_url: '' };
  },
};
