/**
 * AWS::CodePipeline::Pipeline: the template's PascalCase declaration becomes CodePipeline's camelCase
 * PipelineDeclaration for CreatePipeline/UpdatePipeline (action Configuration keys are kept, values become
 * strings). Ref returns the pipeline name; Fn::GetAtt Version.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codepipeline-pipeline.html
 * Failure wording: legacy form "(Service: AWSCodePipeline; Status Code: 400; Error Code: …)" as quoted through
 * CloudFormation in errors.jsonl E092 and E095.
 * Deviations: DisableInboundStageTransitions and RestartExecutionOnUpdate are accepted and not acted on.
 */
import type { CreatePipelineCommandOutput } from '@aws-sdk/client-codepipeline';
import type { TemplateValue } from '../template/index.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { items, text } from './values.js';

const NOT_DECLARATION = new Set(['Tags', 'DisableInboundStageTransitions', 'RestartExecutionOnUpdate']);

function camel(value: TemplateValue, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => camel(v));
  if (value === null || typeof value !== 'object') return value;
  if (key === 'Configuration') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v, k)]));
}

function declaration(name: string, props: Properties): Record<string, unknown> {
  const decl: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (NOT_DECLARATION.has(k) || k === 'Name') continue;
    decl[k.charAt(0).toLowerCase() + k.slice(1)] = camel(v, k);
  }
  return { name, ...decl };
}

async function version(ctx: ResourceContext, name: string): Promise<number> {
  const out = await ctx.call<CreatePipelineCommandOutput>('codepipeline', 'GetPipeline', { name });
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
    const out = await ctx.call<CreatePipelineCommandOutput>('codepipeline', 'CreatePipeline', {
      pipeline: declaration(name, props),
      ...(tags.length > 0 ? { tags } : {}),
    });
    return { physicalId: name, attributes: { Version: String(out.pipeline?.version ?? 1) } };
  },
  async update(ctx, name, props) {
    await ctx.call('codepipeline', 'UpdatePipeline', { pipeline: declaration(name, props) });
    return { physicalId: name, attributes: { Version: String(await version(ctx, name)) } };
  },
  async delete(ctx, name) {
    await ctx.call('codepipeline', 'DeletePipeline', { name });
  },
};
