/**
 * The hops that start a pipeline from an event: EventBridge (events.amazonaws.com) assumes each target's RoleArn,
 * and that session puts the event on another account's bus (events:PutEvents, allowed by that bus's policy) or
 * starts the pipeline (codepipeline:StartPipelineExecution).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html
 * Which rules count: a rule in any account whose target is a checked pipeline, and a rule whose target is the bus a
 * pipeline's rule listens on, in another account (the repository account forwarding CodeCommit's events).
 * Known deviation: event patterns are not matched against the events the source would emit; a rule that could never
 * match is checked all the same.
 */
import { accountOfArn, HopList, SERVICE_OF, type Hop, type PipelineRef } from './hops.js';

/** A rule's target, with the rule it belongs to. */
export interface RuleTarget {
  account: string;
  rule: string;
  ruleArn: string;
  busArn: string;
  targetArn: string;
  roleArn?: string;
}

function pipelineArn(region: string, ref: PipelineRef): string {
  return `arn:aws:codepipeline:${region}:${ref.account}:${ref.declaration.name}`;
}

export function eventHops(ref: PipelineRef, region: string, targets: RuleTarget[]): Hop[] {
  const list = new HopList(ref);
  const arn = pipelineArn(region, ref);
  const starters = targets.filter((t) => t.targetArn === arn);
  const buses = new Set(starters.map((t) => t.busArn));
  const forwarders = targets.filter((t) => buses.has(t.targetArn) && t.account !== ref.account);
  for (const t of [...forwarders, ...starters]) {
    const where = { stage: 'trigger', action: `${t.account}:${t.rule}` };
    if (!t.roleArn) continue;
    const assume = list.add(
      'service-assumes-role',
      where,
      'events-assumes-role',
      `EventBridge assumes the role of rule ${t.rule} (${t.account})`,
      { kind: 'service-assumes-role', service: SERVICE_OF.events, roleArn: t.roleArn, source: { arn: t.ruleArn, account: t.account } },
      { principal: SERVICE_OF.events, resource: t.roleArn, resourceAccount: accountOfArn(t.roleArn) },
      [],
    );
    const as = { principal: t.roleArn, principalAccount: accountOfArn(t.roleArn) };
    if (t.targetArn === arn) {
      list.add(
        'start-pipeline',
        where,
        'start-pipeline',
        `Rule ${t.rule} starts ${ref.declaration.name}`,
        { kind: 'start-pipeline', as: t.roleArn, pipeline: ref.declaration.name!, account: ref.account },
        { ...as, resource: arn, resourceAccount: ref.account },
        [assume],
      );
    } else {
      list.add(
        'put-events',
        where,
        'put-events',
        `Rule ${t.rule} forwards its events to ${t.targetArn}`,
        { kind: 'put-events', as: t.roleArn, busArn: t.targetArn },
        { ...as, resource: t.targetArn, resourceAccount: accountOfArn(t.targetArn) },
        [assume],
      );
    }
  }
  return list.hops;
}
