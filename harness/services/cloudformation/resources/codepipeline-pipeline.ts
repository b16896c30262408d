/**
 * AWS::CodePipeline::Pipeline: the template's PascalCase declaration becomes CodePipeline's camelCase
 * PipelineDeclaration for CreatePipeline/UpdatePipeline (action Configuration keys are kept, values become
 * strings). Ref returns the pipeline name; Fn::GetAtt Version. The declaration is coerced by the SDK's model as the
 * JSON protocol coerces a request (internal calls are not), so CodePipeline receives its `XCommandInput`: integer
 * members a template gives as text (a Ref, a quoted YAML value) become numbers, as CloudFormation converts property
 * values to the resource schema's types, and members the model does not declare are dropped.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codepipeline-pipeline.html
 * Failure wording: legacy form "(Service: AWSCodePipeline; Status Code: 400; Error Code: …)" as quoted through
 * CloudFormation in errors.jsonl E092 and E095.
 * Deviations: DisableInboundStageTransitions and RestartExecutionOnUpdate are accepted and not acted on.
 */
import {
  CreatePipeline$,
  UpdatePipeline$,
  type CreatePipelineCommandInput,
  type CreatePipelineCommandOutput,
  type GetPipelineCommandOutput,
  type UpdatePipelineCommandInput,
} from '@aws-sdk/client-codepipeline';
import { coerceInput } from '../../../protocols/coerce.js';
import { jsonTypeError } from '../../../protocols/coerce-errors.js';
import type { Out } from '../../types.js';
import type { TemplateValue } from '../template/index.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { items, text } from './values.js';

const NOT_DECLARATION = new Set(['Tags', 'DisableInboundStageTransitions', 'RestartExecutionOnUpdate']);
/** The declaration's integer properties (ActionDeclaration RunOrder, TimeoutInMinutes). */
const INTEGERS = new Set(['RunOrder', 'TimeoutInMinutes']);

function camel(value: TemplateValue, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => camel(v));
  if (key !== undefined && INTEGERS.has(key) && typeof value === 'string' && /^-?\d{1,10}$/.test(value)) return Number(value);
  // ActionTypeId.Version is a String that YAML templates often give as a number (`Version: 1`).
  if (key === 'Version' && typeof value === 'number') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (key === 'Configuration') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
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

function createInput(name: string, props: Properties, tags: Array<{ key: string; value: string }>): CreatePipelineCommandInput {
  const input = { pipeline: declaration(name, props), ...(tags.length > 0 ? { tags } : {}) };
  return coerceInput<CreatePipelineCommandInput>(CreatePipeline$, input, { wire: 'json', typeError: jsonTypeError });
}

function updateInput(name: string, props: Properties): UpdatePipelineCommandInput {
  return coerceInput<UpdatePipelineCommandInput>(UpdatePipeline$, { pipeline: declaration(name, props) }, { wire: 'json', typeError: jsonTypeError });
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
    const out = await ctx.call<Out<CreatePipelineCommandOutput>>('codepipeline', 'CreatePipeline', createInput(name, props, tags));
    return { physicalId: name, attributes: { Version: String(out.pipeline?.version ?? 1) } };
  },
  async update(ctx, name, props) {
    await ctx.call('codepipeline', 'UpdatePipeline', updateInput(name, props));
    return { physicalId: name, attributes: { Version: String(await version(ctx, name)) } };
  },
  async delete(ctx, name) {
    await ctx.call('codepipeline', 'DeletePipeline', { name });
  },
};
