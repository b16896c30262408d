/**
 * aws_codepipeline -> CodePipeline CreatePipeline
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codepipeline,
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_CreatePipeline.html).
 * One artifact_store without region becomes `artifactStore`; several (cross-region) become `artifactStores`
 * keyed by region, as the provider does.
 * Deviations: triggers are not supported.
 */
import { CreatePipelineCommand, type ActionCategory, type ActionOwner, type ArtifactStore, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { ArgumentError, block, blocks, list, num, reqStr, str, stringMap, tagList } from '../args.js';
import type { Args, ResourceMapper } from '../types.js';

function artifactStore(b: Args): ArtifactStore {
  const key = block(b, 'encryption_key');
  return {
    location: reqStr(b, 'location'),
    type: reqStr(b, 'type') as ArtifactStore['type'],
    ...(key ? { encryptionKey: { id: reqStr(key, 'id'), type: reqStr(key, 'type') as 'KMS' } } : {}),
  };
}

export const awsCodepipeline: ResourceMapper = {
  type: 'aws_codepipeline',
  schema: {
    name: 'value',
    role_arn: 'value',
    pipeline_type: 'value',
    execution_mode: 'value',
    tags: 'value',
    artifact_store: {
      block: { location: 'value', type: 'value', region: 'value', encryption_key: { block: { id: 'value', type: 'value' } } },
    },
    stage: {
      block: {
        name: 'value',
        action: {
          block: {
            name: 'value',
            category: 'value',
            owner: 'value',
            provider: 'value',
            version: 'value',
            configuration: 'value',
            input_artifacts: 'value',
            output_artifacts: 'value',
            role_arn: 'value',
            run_order: 'value',
            region: 'value',
            namespace: 'value',
            timeout_in_minutes: 'value',
          },
        },
      },
    },
    variable: { block: { name: 'value', default_value: 'value', description: 'value' } },
  },
  required: ['name', 'role_arn', 'artifact_store', 'stage'],
  computed: ['arn', 'id'],
  async create(args, ctx) {
    const name = reqStr(args, 'name');
    const stores = blocks(args, 'artifact_store');
    if (stores.length === 0) throw new ArgumentError('at least one artifact_store block is required');
    const single = stores.length === 1 && str(stores[0], 'region') === undefined;
    const pipeline: PipelineDeclaration = {
      name,
      roleArn: reqStr(args, 'role_arn'),
      ...(single
        ? { artifactStore: artifactStore(stores[0]) }
        : { artifactStores: Object.fromEntries(stores.map((s) => [reqStr(s, 'region'), artifactStore(s)])) }),
      stages: blocks(args, 'stage').map((s) => ({
        name: reqStr(s, 'name'),
        actions: blocks(s, 'action').map((a) => ({
          name: reqStr(a, 'name'),
          actionTypeId: {
            category: reqStr(a, 'category') as ActionCategory,
            owner: reqStr(a, 'owner') as ActionOwner,
            provider: reqStr(a, 'provider'),
            version: reqStr(a, 'version'),
          },
          runOrder: num(a, 'run_order'),
          configuration: stringMap(a, 'configuration'),
          inputArtifacts: list(a, 'input_artifacts')?.map((n) => ({ name: n })),
          outputArtifacts: list(a, 'output_artifacts')?.map((n) => ({ name: n })),
          roleArn: str(a, 'role_arn'),
          region: str(a, 'region'),
          namespace: str(a, 'namespace'),
          timeoutInMinutes: num(a, 'timeout_in_minutes'),
        })),
      })),
      pipelineType: str(args, 'pipeline_type') as PipelineDeclaration['pipelineType'],
      executionMode: str(args, 'execution_mode') as PipelineDeclaration['executionMode'],
      variables: blocks(args, 'variable').map((v) => ({ name: reqStr(v, 'name'), defaultValue: str(v, 'default_value'), description: str(v, 'description') })),
    };
    if (pipeline.variables?.length === 0) delete pipeline.variables;
    const out = await ctx.clients.codepipeline.send(new CreatePipelineCommand({ pipeline, tags: tagList(args)?.map((t) => ({ key: t.Key, value: t.Value })) }));
    return {
      arn: out.pipeline?.pipelineArn ?? `arn:${ctx.partition}:codepipeline:${ctx.region}:${ctx.account}:${name}`,
      id: name,
    };
  },
};
