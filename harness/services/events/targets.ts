/**
 * EventBridge rule targets: PutTargets, ListTargetsByRule, ListRuleNamesByTarget, RemoveTargets.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html
 * ListRuleNamesByTarget names, in name order, the rules of one bus of the caller's (default: the default bus) with a
 * target of that ARN (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRuleNamesByTarget.html);
 * its IAM action is events:ListRuleNamesByTarget on the rules (`*` here, as for ListRules).
 * A rule holds at most five targets: a sixth is LimitExceededException "The requested resource exceeds the maximum
 * number allowed."; a target Id is validated at 'targets.<n>.member.id' (both recorded: LocalStack's AWS-validated
 * test_events.snapshot.json, test_add_exceed_fife_targets_per_rule and test_put_target_id_validation). A target's
 * RoleArn is passed to EventBridge (iam:PassRole with iam:PassedToService events.amazonaws.com).
 * Known deviations: only Id, Arn, RoleArn, Input and InputPath are kept (input transformers, dead-letter and retry
 * policies, and the other target parameters are not emulated); AWS's check, when a target is another account's bus,
 * that its policy already allows the caller is not made here: the delivery is authorized instead (delivery.ts).
 */
import type { Target } from '@aws-sdk/client-eventbridge';
import { constraintError } from '../param-errors.js';
import { str } from '../params.js';
import { LimitExceededException } from './errors.js';
import { busFor, busRules, page, ruleFor } from './lookup.js';
import type { EventsOperations, TargetOperationName } from './operation-names.js';
import { passRoleCheck } from './rules.js';
import { SERVICE, type EventBus, type Rule, type RuleTarget } from './store.js';

const MAX_TARGETS = 5;
const RULE_NAME = { required: true, min: 1, max: 64 } as const;

function targetOf(t: Target, i: number): RuleTarget {
  const at = `targets.${i + 1}.member.id`;
  if (typeof t.Id !== 'string' || t.Id.length < 1) throw constraintError('ValidationException', at, t.Id, 'Member must have length greater than or equal to 1');
  if (t.Id.length > 64) throw constraintError('ValidationException', at, t.Id, 'Member must have length less than or equal to 64');
  if (!/^[.\-_A-Za-z0-9]+$/.test(t.Id)) throw constraintError('ValidationException', at, t.Id, 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+');
  if (typeof t.Arn !== 'string' || t.Arn.length < 1) throw constraintError('ValidationException', `targets.${i + 1}.member.arn`, t.Arn, 'Member must not be null');
  return {
    Id: t.Id,
    Arn: t.Arn,
    ...(t.RoleArn !== undefined ? { RoleArn: t.RoleArn } : {}),
    ...(t.Input !== undefined ? { Input: t.Input } : {}),
    ...(t.InputPath !== undefined ? { InputPath: t.InputPath } : {}),
  };
}

export const targetOperations: EventsOperations<TargetOperationName> = {
  PutTargets: {
    resolve(ctx, input) {
      const rule = ruleFor(ctx, str('ValidationException', input, 'Rule', RULE_NAME), input.EventBusName);
      const targets = (input.Targets ?? []).map(targetOf);
      const ids = new Set([...rule.targets.keys(), ...targets.map((t) => t.Id)]);
      if (ids.size > MAX_TARGETS) throw LimitExceededException();
      return { rule, targets };
    },
    authorize: (_ctx, _input, { rule, targets }: { rule: Rule; targets: RuleTarget[] }) => [
      { action: `${SERVICE}:PutTargets`, resource: rule.Arn },
      ...[...new Set(targets.flatMap((t) => (t.RoleArn ? [t.RoleArn] : [])))].map(passRoleCheck),
    ],
    handler(_ctx, _input, { rule, targets }: { rule: Rule; targets: RuleTarget[] }) {
      for (const t of targets) rule.targets.set(t.Id, t);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
  },

  ListTargetsByRule: {
    resolve: (ctx, input) => ruleFor(ctx, str('ValidationException', input, 'Rule', RULE_NAME), input.EventBusName),
    authorize: (_ctx, _input, rule: Rule) => ({ action: `${SERVICE}:ListTargetsByRule`, resource: rule.Arn }),
    handler: (_ctx, _input, rule: Rule) => ({ Targets: [...rule.targets.values()].map((t) => ({ ...t })) }),
  },

  ListRuleNamesByTarget: {
    resolve(ctx, input) {
      const target = str('ValidationException', input, 'TargetArn', { required: true, min: 1, max: 1600 });
      return { bus: busFor(ctx, input.EventBusName), target };
    },
    authorize: () => ({ action: `${SERVICE}:ListRuleNamesByTarget`, resource: '*' }),
    handler(ctx, input, { bus, target }: { bus: EventBus; target: string }) {
      const names = [...busRules(ctx, bus).values()]
        .filter((r) => [...r.targets.values()].some((t) => t.Arn === target))
        .map((r) => r.Name)
        .sort();
      const { items, NextToken } = page(names, input.Limit, input.NextToken);
      return { RuleNames: items, ...(NextToken ? { NextToken } : {}) };
    },
  },

  RemoveTargets: {
    resolve: (ctx, input) => ruleFor(ctx, str('ValidationException', input, 'Rule', RULE_NAME), input.EventBusName),
    authorize: (_ctx, _input, rule: Rule) => ({ action: `${SERVICE}:RemoveTargets`, resource: rule.Arn }),
    handler(_ctx, input, rule: Rule) {
      for (const id of input.Ids ?? []) rule.targets.delete(id);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
  },
};
