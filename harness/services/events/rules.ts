/**
 * EventBridge rules: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule, and TestEventPattern.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
 * Shapes as LocalStack's AWS-validated snapshots record them (test_events.snapshot.json,
 * test_put_list_with_prefix_describe_delete_rule): DescribeRule answers CreatedBy (the account), ListRules does not;
 * a rule's pattern is compiled when it is written (pattern.ts), so an invalid one is refused then. A RoleArn is
 * passed to EventBridge (iam:PassRole, iam:PassedToService events.amazonaws.com), as for PutTargets.
 * TestEventPattern's Event must carry the envelope fields AWS requires (id, account, source, time, region, resources,
 * detail-type), or it is "Parameter Event is not valid." (recorded: test_events_patterns.snapshot.json).
 * Known deviations: ScheduleExpression is kept but never fires; managed rules and tags are not emulated; DeleteRule of
 * a rule that does not exist succeeds, as AWS's idempotent delete does (not recorded).
 */
import { str } from '../params.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { InvalidParameter, ValidationException } from './errors.js';
import { busFor, busRules, callerAccount, page, ruleFor } from './lookup.js';
import type { EventsOperations, RuleOperationName } from './operation-names.js';
import { compilePattern, matches } from './pattern.js';
import { ruleArn, SERVICE, type EventBus, type Rule } from './store.js';

export const EVENTS_PRINCIPAL = 'events.amazonaws.com';

const RULE_NAME = { required: true, min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, patternText: '[\\.\\-_A-Za-z0-9]+' } as const;

export function passRoleCheck(roleArn: string): AuthCheck {
  return { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': EVENTS_PRINCIPAL } };
}

const ruleCheck = (action: string, rule: { Arn: string }): AuthCheck => ({ action: `${SERVICE}:${action}`, resource: rule.Arn });

/** A rule as ListRules answers it (DescribeRule adds CreatedBy); its pattern is the text it was given. */
function summary(rule: Rule) {
  return {
    Name: rule.Name,
    Arn: rule.Arn,
    ...(rule.EventPattern !== undefined ? { EventPattern: rule.EventPattern } : {}),
    ...(rule.ScheduleExpression !== undefined ? { ScheduleExpression: rule.ScheduleExpression } : {}),
    State: rule.State,
    ...(rule.Description !== undefined ? { Description: rule.Description } : {}),
    ...(rule.RoleArn !== undefined ? { RoleArn: rule.RoleArn } : {}),
    EventBusName: rule.EventBusName,
  };
}

const setState = (state: Rule['State']) => ({
  resolve: (ctx: OperationContext, input: { Name?: string; EventBusName?: string }) => ruleFor(ctx, str('ValidationException', input, 'Name', RULE_NAME), input.EventBusName),
  authorize: (_ctx: unknown, _input: unknown, rule: Rule) => ruleCheck(state === 'ENABLED' ? 'EnableRule' : 'DisableRule', rule),
  handler: (_ctx: unknown, _input: unknown, rule: Rule) => {
    rule.State = state;
    return {};
  },
});

export const ruleOperations: EventsOperations<RuleOperationName> = {
  PutRule: {
    resolve(ctx, input) {
      const name = str('ValidationException', input, 'Name', RULE_NAME);
      const bus = busFor(ctx, input.EventBusName);
      if (input.EventPattern !== undefined) compilePattern(input.EventPattern);
      const account = callerAccount(ctx);
      const existing = busRules(ctx, bus).get(name);
      const rule: Rule = {
        Name: name,
        Arn: ruleArn(bus.region, bus.account, bus.Name, name),
        EventBusName: bus.Name,
        account,
        region: bus.region,
        State: input.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
        CreatedBy: account,
        targets: existing?.targets ?? new Map(),
        failedInvocations: existing?.failedInvocations ?? 0,
      };
      if (input.EventPattern !== undefined) rule.EventPattern = input.EventPattern;
      if (input.ScheduleExpression !== undefined) rule.ScheduleExpression = input.ScheduleExpression;
      if (input.Description !== undefined) rule.Description = input.Description;
      if (input.RoleArn !== undefined) rule.RoleArn = input.RoleArn;
      return { bus, rule };
    },
    authorize: (_ctx, _input, { rule }: { rule: Rule }) => [ruleCheck('PutRule', rule), ...(rule.RoleArn ? [passRoleCheck(rule.RoleArn)] : [])],
    handler(ctx, _input, { bus, rule }: { bus: EventBus; rule: Rule }) {
      busRules(ctx, bus).set(rule.Name, rule);
      return { RuleArn: rule.Arn };
    },
  },

  DescribeRule: {
    resolve: (ctx, input) => ruleFor(ctx, str('ValidationException', input, 'Name', RULE_NAME), input.EventBusName),
    authorize: (_ctx, _input, rule: Rule) => ruleCheck('DescribeRule', rule),
    handler: (_ctx, _input, rule: Rule) => ({ ...summary(rule), CreatedBy: rule.CreatedBy }),
  },

  ListRules: {
    resolve: (ctx, input) => busFor(ctx, input.EventBusName),
    authorize: () => ({ action: `${SERVICE}:ListRules`, resource: '*' }),
    handler(ctx, input, bus: EventBus) {
      const all = [...busRules(ctx, bus).values()]
        .filter((r) => !input.NamePrefix || r.Name.startsWith(input.NamePrefix))
        .sort((a, b) => a.Name.localeCompare(b.Name));
      const { items, NextToken } = page(all, input.Limit, input.NextToken);
      return { Rules: items.map(summary), ...(NextToken ? { NextToken } : {}) };
    },
  },

  DeleteRule: {
    resolve(ctx, input) {
      const name = str('ValidationException', input, 'Name', RULE_NAME);
      const bus = busFor(ctx, input.EventBusName);
      const rule = busRules(ctx, bus).get(name);
      if (rule && rule.targets.size > 0 && !input.Force) throw ValidationException.ruleHasTargets();
      return { bus, name, arn: ruleArn(bus.region, bus.account, bus.Name, name) };
    },
    authorize: (_ctx, _input, r: { arn: string }) => ({ action: `${SERVICE}:DeleteRule`, resource: r.arn }),
    handler(ctx, _input, { bus, name }: { bus: EventBus; name: string }) {
      busRules(ctx, bus).delete(name);
      return {};
    },
  },

  EnableRule: setState('ENABLED'),
  DisableRule: setState('DISABLED'),

  TestEventPattern: {
    resolve(_ctx, input) {
      const pattern = compilePattern(str('ValidationException', input, 'EventPattern', { required: true }));
      let event: unknown;
      try {
        event = JSON.parse(str('ValidationException', input, 'Event', { required: true }));
      } catch {
        throw InvalidParameter('Event');
      }
      const envelope = ['id', 'account', 'source', 'time', 'region', 'detail-type'];
      if (typeof event !== 'object' || event === null || Array.isArray(event) || envelope.some((k) => !Object.hasOwn(event as object, k))) throw InvalidParameter('Event');
      return { pattern, event };
    },
    authorize: () => ({ action: `${SERVICE}:TestEventPattern`, resource: '*' }),
    handler: (_ctx, _input, { pattern, event }: { pattern: ReturnType<typeof compilePattern>; event: unknown }) => ({ Result: matches(pattern, event) }),
  },
};
