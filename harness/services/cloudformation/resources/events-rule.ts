/**
 * AWS::Events::Rule: PutRule then PutTargets; an update rewrites the rule and its targets (RemoveTargets for those
 * gone); delete removes the targets, then the rule. Ref returns the rule's name (`<bus>|<name>` on another bus than
 * default, as the registry handler answers it); Fn::GetAtt Arn the rule's ARN. EventPattern is a JSON object or a
 * string.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html
 * Failure wording: registry handler form (errors.jsonl E081), with the SDK's service label EventBridge.
 * Known deviations: target properties beyond Id, Arn, RoleArn, Input and InputPath are not passed on (the service
 * keeps no more, events/targets.ts); the generated name is CloudFormation's `<stack>-<logical>-<RANDOM>` form.
 */
import type { PutRuleCommandInput, PutTargetsCommandInput, Target } from '@aws-sdk/client-eventbridge';
import type { TemplateValue } from '../template/index.js';
import type { Properties, Provisioned, ResourceContext, ResourceMapper } from './types.js';
import { document, items, text } from './values.js';

const DEFAULT_BUS = 'default';

function busOf(props: Properties): string | undefined {
  return text(props, 'EventBusName');
}

function targetsOf(props: Properties): Target[] {
  return items<Record<string, TemplateValue>>(props, 'Targets').map((t) => ({
    Id: String(t['Id']),
    Arn: String(t['Arn']),
    ...(t['RoleArn'] !== undefined ? { RoleArn: String(t['RoleArn']) } : {}),
    ...(t['Input'] !== undefined ? { Input: String(t['Input']) } : {}),
    ...(t['InputPath'] !== undefined ? { InputPath: String(t['InputPath']) } : {}),
  }));
}

function physicalId(name: string, bus: string | undefined): string {
  return bus && bus !== DEFAULT_BUS ? `${bus}|${name}` : name;
}

function parsePhysicalId(id: string): { Name: string; EventBusName?: string } {
  const at = id.indexOf('|');
  return at < 0 ? { Name: id } : { EventBusName: id.slice(0, at), Name: id.slice(at + 1) };
}

async function write(ctx: ResourceContext, name: string, props: Properties, previous?: Properties): Promise<Provisioned> {
  const bus = busOf(props);
  const input: PutRuleCommandInput = {
    Name: name,
    ...(bus ? { EventBusName: bus } : {}),
    ...(props['EventPattern'] !== undefined ? { EventPattern: document(props['EventPattern']) } : {}),
    ...(text(props, 'ScheduleExpression') !== undefined ? { ScheduleExpression: text(props, 'ScheduleExpression') } : {}),
    ...(text(props, 'State') !== undefined ? { State: text(props, 'State') as PutRuleCommandInput['State'] } : {}),
    ...(text(props, 'Description') !== undefined ? { Description: text(props, 'Description') } : {}),
    ...(text(props, 'RoleArn') !== undefined ? { RoleArn: text(props, 'RoleArn') } : {}),
  };
  const { RuleArn } = await ctx.call<{ RuleArn: string }>('events', 'PutRule', input);
  const id = physicalId(name, bus);
  ctx.created(id);
  const targets = targetsOf(props);
  const gone = previous ? targetsOf(previous).filter((t) => !targets.some((n) => n.Id === t.Id)) : [];
  if (gone.length > 0) await ctx.call('events', 'RemoveTargets', { Rule: name, ...(bus ? { EventBusName: bus } : {}), Ids: gone.map((t) => t.Id!) });
  if (targets.length > 0) await ctx.call('events', 'PutTargets', { Rule: name, ...(bus ? { EventBusName: bus } : {}), Targets: targets } satisfies PutTargetsCommandInput);
  return { physicalId: id, attributes: { Arn: RuleArn } };
}

export const eventsRule: ResourceMapper = {
  type: 'AWS::Events::Rule',
  service: 'events',
  failureStyle: { kind: 'handler', serviceLabel: 'EventBridge' },
  replaceOn: ['Name', 'EventBusName'],
  attributes: ['Arn'],
  create: (ctx, props) => write(ctx, text(props, 'Name') ?? ctx.generatedName({ max: 64 }), props),
  update: (ctx, id, props, previous) => write(ctx, parsePhysicalId(id).Name, props, previous),
  async delete(ctx, id, props) {
    const { Name, EventBusName } = parsePhysicalId(id);
    const bus = EventBusName ? { EventBusName } : {};
    const ids = targetsOf(props).map((t) => t.Id!);
    if (ids.length > 0) await ctx.call('events', 'RemoveTargets', { Rule: Name, ...bus, Ids: ids });
    await ctx.call('events', 'DeleteRule', { Name, ...bus });
  },
};
