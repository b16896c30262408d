/**
 * AWS::CodePipeline::Pipeline: the template's PascalCase declaration becomes CodePipeline's camelCase
 * PipelineDeclaration for CreatePipeline/UpdatePipeline (action Configuration keys are kept, values become
 * strings). Ref returns the pipeline name; Fn::GetAtt Version. The declaration is typed by the SDK's model
 * (sdk-input.ts), so CodePipeline receives its `XCommandInput`: scalars become the types the model declares (an
 * unquoted YAML `Version: 1` is "1", a RunOrder given as text is a number), as CloudFormation converts property
 * values to the resource schema's types, and members the model does not declare are dropped.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codepipeline-pipeline.html
 * Failure wording: legacy form "(Service: AWSCodePipeline; Status Code: 400; Error Code: …)" as quoted through
 * CloudFormation in errors.jsonl E092 and E095.
 * Deviations: DisableInboundStageTransitions and RestartExecutionOnUpdate are accepted and not acted on.
 */
import type { CreatePipelineCommandInput, CreatePipelineCommandOutput, GetPipelineCommandOutput, UpdatePipelineCommandInput } from '@aws-sdk/client-codepipeline';
import type { Out } from '../../types.js';
import type { TemplateValue } from '../template/index.js';
import { sdkInput } from './sdk-input.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { items, text } from './values.js';

const NOT_DECLARATION = new Set(['Tags', 'DisableInboundStageTransitions', 'RestartExecutionOnUpdate']);

function camel(value: TemplateValue, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => camel(v));
  if (value === null || typeof value !== 'object') return value;
  // Configuration is Json in the template and a map of strings in the API: a nested value travels as its JSON text.
  if (key === 'Configuration') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v, k)]));
}

/** The template lists ArtifactStores as `[{Region, ArtifactStore}]`; the API keys them by Region. */
function artifactStores(value: TemplateValue): Record<string, unknown> {
  const stores = Array.isArray(value) ? value : [];
  return Object.fromEntries(
    stores.map((entry) => {
      const e = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry : {};
      return [String(e['Region']), camel(e['ArtifactStore'] ?? null)];
    }),
  );
}

function declaration(name: string, props: Properties): Record<string, unknown> {
  const decl: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (NOT_DECLARATION.has(k) || k === 'Name') continue;
    decl[k.charAt(0).toLowerCase() + k.slice(1)] = k === 'ArtifactStores' ? artifactStores(v) : camel(v, k);
  }
  return { name, ...decl };
}

/** CodePipeline's SDK model (the operations' schemas), loaded by the first pipeline: a stack without one does not load it. */
const codepipelineModel = () => import('@aws-sdk/client-codepipeline');

async function createInput(name: string, props: Properties, tags: Array<{ key: string; value: string }>): Promise<CreatePipelineCommandInput> {
  const { CreatePipeline$ } = await codepipelineModel();
  const input = { pipeline: declaration(name, props), ...(tags.length > 0 ? { tags } : {}) };
  return sdkInput<CreatePipelineCommandInput>(CreatePipeline$, input);
}

async function updateInput(name: string, props: Properties): Promise<UpdatePipelineCommandInput> {
  const { UpdatePipeline$ } = await codepipelineModel();
  return sdkInput<UpdatePipelineCommandInput>(UpdatePipeline$, { pipeline: declaration(name, props) });
}

async function version(ctx: ResourceContext, name: string): Promise<number> {
  const out = await ctx.call<Out<GetPipelineCommandOutput>>('codepipeline', 'GetPipeline', { name });
  return out.pipeline?.version ?? 1;
}

export const codePipelinePipeline: ResourceMapper = {
  type: 'AWS::CodePipeline::Pipeline',
  service: 'codepipeline',
  failureStyle: { kind: 'legacy', serviceLabel: 'AWSCodePipeline' },
  replaceOn: ['Name'],
  required: ['RoleArn', 'Stages'],
  attributes: ['Version'],
  async create(ctx, props) {
    const name = text(props, 'Name') ?? ctx.generatedName({ max: 100 });
    const tags = items<Record<string, TemplateValue>>(props, 'Tags').map((t) => ({ key: String(t['Key']), value: String(t['Value'] ?? '') }));
    const out = await ctx.call<Out<CreatePipelineCommandOutput>>('codepipeline', 'CreatePipeline', await createInput(name, props, tags));
    return { physicalId: name, attributes: { Version: String(out.pipeline?.version ?? 1) } };
  },
  async update(ctx, name, props) {
    await ctx.call('codepipeline', 'UpdatePipeline', await updateInput(name, props));
    return { physicalId: name, attributes: { Version: String(await version(ctx, name)) } };
  },
  async delete(ctx, name) {
    await ctx.call('codepipeline', 'DeletePipeline', { name });
  },
};
