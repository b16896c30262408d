/**
 * AWS::CloudFormation::Stack, a nested stack: CreateStack with the TemplateURL (an object of the emulated S3, read
 * as the parent's acting principal, the service role session or the caller), its Parameters and the parent's
 * capabilities, made through the request path as that principal (so cloudformation:CreateStack and the template's
 * s3:GetObject are authorized like any call); the parent waits for it. Ref is the nested stack's ARN;
 * Fn::GetAtt `Outputs.<key>` its outputs. A nested stack that fails fails the resource, so the parent rolls back and
 * deletes it; deleting the parent deletes it. A changed TemplateURL or Parameters is an UpdateStack of it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html
 * Wordings: "Embedded stack <arn> was not successfully created: The following resource(s) failed to create:
 * [FileSystem]." (aws-parallelcluster's CLI quotes it as AWS's sample substack error; practitioners' event logs in
 * the search corpus show the same), "Embedded stack <arn> was not successfully updated. Currently in
 * UPDATE_ROLLBACK_IN_PROGRESS with reason: …" (jets documentation quoting a stack's events).
 * Known deviations: the nested stack is named `<parent>-<logical>-<RANDOM>` as CloudFormation names it, but
 * DescribeStacks shows no ParentId/RootId; an update's failure reports UPDATE_ROLLBACK_COMPLETE's reason, and the
 * nested stack is not rolled back with its parent's update rollback beyond what its own update rollback did.
 */
import { isAwsError } from '../../../core/errors.js';
import { ResourceCallFailure, ResourceInputFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper, SettledStack } from './types.js';
import type { TemplateValue } from '../template/index.js';

function text(v: TemplateValue | undefined): string {
  if (Array.isArray(v)) return v.map(text).join(',');
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '');
}

function parameters(props: Properties): Array<{ ParameterKey: string; ParameterValue: string }> {
  const p = props['Parameters'];
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return [];
  return Object.entries(p).map(([ParameterKey, v]) => ({ ParameterKey, ParameterValue: text(v) }));
}

function tags(props: Properties): Array<{ Key: string; Value: string }> {
  const t = props['Tags'];
  return Array.isArray(t) ? t.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? { Key: text(x['Key']), Value: text(x['Value']) } : { Key: '', Value: '' })) : [];
}

function attributes(settled: SettledStack): Record<string, TemplateValue> {
  return Object.fromEntries(Object.entries(settled.outputs).map(([k, v]) => [`Outputs.${k}`, v]));
}

/** The reason the nested stack gives, without the "Rollback requested by user." its own rollback adds. */
function why(settled: SettledStack): string {
  return (settled.reason ?? settled.status).replace(/ ?Rollback requested by user\.$/, '');
}

async function updateNested(ctx: ResourceContext, stackId: string, props: Properties): Promise<SettledStack> {
  try {
    await ctx.call('cloudformation', 'UpdateStack', {
      StackName: stackId,
      TemplateURL: text(props['TemplateURL']),
      Parameters: parameters(props),
      Capabilities: ctx.stack.capabilities,
      Tags: tags(props),
    });
  } catch (e) {
    // Nothing changed in the nested stack itself (its template's resources may still have): nothing to do.
    if (e instanceof ResourceCallFailure && isAwsError(e.error) && e.error.message === 'No updates are to be performed.') return ctx.settledStack(stackId);
    throw e;
  }
  return ctx.settledStack(stackId);
}

export const cloudFormationStack: ResourceMapper = {
  type: 'AWS::CloudFormation::Stack',
  service: 'cloudformation',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonCloudFormation' },
  replaceOn: [],
  required: ['TemplateURL'],
  attributes: [],
  attributePattern: /^Outputs\.[A-Za-z0-9]+$/,
  async create(ctx, props) {
    const out = await ctx.call<{ StackId: string }>('cloudformation', 'CreateStack', {
      StackName: ctx.generatedName({ max: 128 }),
      TemplateURL: text(props['TemplateURL']),
      Parameters: parameters(props),
      Capabilities: ctx.stack.capabilities,
      Tags: tags(props),
      ...(Array.isArray(props['NotificationARNs']) ? { NotificationARNs: props['NotificationARNs'].map(text) } : {}),
      ...(props['TimeoutInMinutes'] !== undefined ? { TimeoutInMinutes: Number(props['TimeoutInMinutes']) } : {}),
    });
    ctx.created(out.StackId);
    const settled = await ctx.settledStack(out.StackId);
    if (settled.status !== 'CREATE_COMPLETE') throw new ResourceInputFailure(`Embedded stack ${out.StackId} was not successfully created: ${why(settled)}`);
    return { physicalId: out.StackId, attributes: attributes(settled) };
  },
  async update(ctx, stackId, props) {
    const settled = await updateNested(ctx, stackId, props);
    if (!/^(UPDATE_COMPLETE|CREATE_COMPLETE)$/.test(settled.status)) {
      throw new ResourceInputFailure(`Embedded stack ${stackId} was not successfully updated. Currently in ${settled.status} with reason: ${why(settled)}`);
    }
    return { physicalId: stackId, attributes: attributes(settled) };
  },
  async delete(ctx, stackId) {
    await ctx.call('cloudformation', 'DeleteStack', { StackName: stackId });
    const settled = await ctx.settledStack(stackId);
    if (settled.status !== 'DELETE_COMPLETE') throw new ResourceInputFailure(`Embedded stack ${stackId} was not successfully deleted: ${why(settled)}`);
  },
};
