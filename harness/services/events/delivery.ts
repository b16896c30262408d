/**
 * How EventBridge delivers an event put on a bus: each ENABLED rule of the bus whose pattern matches sends it to each
 * of its targets, after the call that put it has answered, as the rule's principal would:
 * - another event bus (in this account or another): events:PutEvents on that bus, as a session of the target's
 *   RoleArn (or the rule's) assumed by events.amazonaws.com, or as the rule's account without one; the target bus's
 *   policy must allow it. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 * - a CodePipeline pipeline: codepipeline:StartPipelineExecution as a session of the target's RoleArn.
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html (CodePipeline uses a role)
 *   The execution records the rule as its trigger (CloudWatchEvent, codepipeline/triggers.ts).
 * Every hop goes through the request path (ServiceRuntime.invoke), so a refused hop is recorded and explained under
 * the request id the delivery log names. AWS delivers silently: a failure shows only as the rule's CloudWatch metric
 * FailedInvocations (or in the target's dead-letter queue), which the emulator keeps per rule and in the log below.
 * The event's envelope is AWS's (version, id, detail-type, source, account, time, region, resources, detail):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 * An event that arrived from another bus is not forwarded to a third (forwarding.ts), and keeps its id there.
 * Known deviations: other target types are logged "not emulated"; Input/InputPath are kept but not applied; no
 * retries; the role session's name (the event id without dashes) is not recorded from AWS.
 */
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { PutEventsCommandInput, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type { StartPipelineExecutionCommandInput } from '@aws-sdk/client-codepipeline';
import { isAwsError } from '../../core/errors.js';
import { requestId as newId } from '../../world/ids.js';
import { rootPrincipal, servicePrincipal, type Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import type { ServiceEvent, ServiceRuntime } from '../types.js';
import { registerRuleStart } from '../codepipeline/triggers.js';
import { registerForward, takeArrival } from './forwarding.js';
import { compiledPattern, matches } from './pattern.js';
import { EVENTS_PRINCIPAL } from './rules.js';
import { busLocation, DEFAULT_BUS, findBus, isBusArn, eventsStore, type Rule, type RuleTarget } from './store.js';

/** The event as rules match it and targets receive it. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** What one target's delivery of one event did. */
export interface Delivery {
  /** Its place among the world's deliveries (1, 2, …), so parts of the log read separately can be put in order. */
  seq: number;
  time: string;
  eventId: string;
  bus: string;
  rule: string;
  targetId: string;
  targetArn: string;
  outcome: 'delivered' | 'failed' | 'not sent' | 'not emulated';
  /** The refusal AWS would have met (the hop's error), for a failed delivery. */
  error?: { code: string; status: number; message: string };
  /**
   * The id the hops' calls are made under: a refused hop's denial is recorded under it (`Emulator.explain`), and so
   * are the denials of what a delivered hop started (a pipeline execution's actions).
   */
  requestId?: string;
  /** What happened and where a user would see it in AWS. */
  explanation?: string;
}

const MAX_KEPT = 1000;
const PIPELINE_ARN = /^arn:aws[a-z-]*:codepipeline:[a-z0-9-]+:\d{12}:([^/]+)$/;

function log(world: World): Delivery[] {
  return world.global<Delivery[]>('events:deliveries', () => []);
}

function counter(world: World): { made: number } {
  return world.global<{ made: number }>('events:deliveries-made', () => ({ made: 0 }));
}

/** Every delivery the world's rules made, oldest first (the last 1000). */
export function eventDeliveries(world: World): readonly Delivery[] {
  return log(world);
}

const ACCOUNT_IN_ARN = /^arn:[\w-]+:[^:]*:[^:]*:(\d{12}):/;

/**
 * The deliveries that concern `account`: those of its rules, and those aimed at its buses and pipelines (the
 * refused forward of another account's event to its bus is one it would want to see). Every one when no account.
 */
export function deliveriesSeenBy(world: World, account: string | undefined): Delivery[] {
  const concerns = (d: Delivery) => [d.rule, d.targetArn].some((arn) => ACCOUNT_IN_ARN.exec(arn)?.[1] === account);
  return log(world).filter((d) => account === undefined || concerns(d));
}

const RULE_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):rule\/(?:([^/]+)\/)?([^/]+)$/;

/** A rule's FailedInvocations (its CloudWatch metric in AWS), by the rule's ARN; undefined when there is no such rule. */
export function failedInvocations(world: World, ruleArn: string, now: Date): number | undefined {
  const m = RULE_ARN.exec(ruleArn);
  const account = m ? world.account(m[2]!) : undefined;
  if (!m || !account) return undefined;
  return eventsStore(account, m[1]!, now).rules.get(m[3] ?? DEFAULT_BUS)?.get(m[4]!)?.failedInvocations;
}

function awsTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Puts a service's event (or PutEvents' entry) on its bus and delivers it to the targets of the rules it matches. */
export async function deliver(rt: ServiceRuntime, e: ServiceEvent): Promise<void> {
  const where = busLocation(e.eventBusName ?? DEFAULT_BUS, e.account, e.region);
  const bus = findBus(rt.world, where, rt.now());
  if (!bus) return;
  const event: BusEvent = {
    version: '0',
    id: e.id ?? newId(),
    'detail-type': e.detailType,
    source: e.source,
    account: e.account,
    time: awsTime(e.time ?? rt.now()),
    region: bus.region,
    resources: e.resources,
    detail: e.detail,
  };
  const arrivedByForwarding = takeArrival(rt.world, bus.Arn, event.id);
  const rules = eventsStore(rt.world.account(bus.account)!, bus.region, rt.now()).rules.get(bus.Name) ?? new Map<string, Rule>();
  for (const rule of [...rules.values()]) {
    if (rule.State !== 'ENABLED' || rule.EventPattern === undefined || !matches(compiledPattern(rule.EventPattern), event)) continue;
    for (const target of [...rule.targets.values()]) await deliverTo(rt, bus.Arn, rule, target, event, arrivedByForwarding);
  }
}

async function deliverTo(rt: ServiceRuntime, busArn: string, rule: Rule, target: RuleTarget, event: BusEvent, arrivedByForwarding: boolean): Promise<void> {
  const base = { time: awsTime(rt.now()), eventId: event.id, bus: busArn, rule: rule.Arn, targetId: target.Id, targetArn: target.Arn };
  const record = (d: Omit<Delivery, keyof typeof base | 'seq'>) => {
    const entries = log(rt.world);
    entries.push({ seq: ++counter(rt.world).made, ...base, ...d });
    if (entries.length > MAX_KEPT) entries.shift();
  };
  const pipeline = PIPELINE_ARN.exec(target.Arn);
  if (!isBusArn(target.Arn) && !pipeline) {
    record({ outcome: 'not emulated', explanation: `xacct does not deliver to ${target.Arn}: only event buses and CodePipeline pipelines are emulated targets.` });
    return;
  }
  if (!pipeline && arrivedByForwarding) {
    record({
      outcome: 'not sent',
      explanation: `Event ${event.id} arrived on ${busArn} from another bus: EventBridge does not forward it to a third bus (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html).`,
    });
    return;
  }
  const roleArn = target.RoleArn ?? (pipeline ? undefined : rule.RoleArn);
  if (pipeline && !roleArn) {
    rule.failedInvocations++;
    record({ outcome: 'failed', explanation: `Target ${target.Id} of rule ${rule.Arn} names no RoleArn: EventBridge starts a pipeline only as a role.` });
    return;
  }
  const traceId = newId();
  const where = `In AWS this failure is silent: it shows as the rule's CloudWatch metric FailedInvocations (namespace AWS/Events, RuleName ${rule.Name}) and in the target's dead-letter queue if it has one.`;
  let hop = roleArn ? `sts:AssumeRole on ${roleArn} by ${EVENTS_PRINCIPAL}` : '';
  try {
    const as = roleArn ? await assume(rt, roleArn, { arn: rule.Arn, account: rule.account }, event.id, traceId) : rootPrincipal(rule.account);
    if (pipeline) {
      hop = `codepipeline:StartPipelineExecution on ${target.Arn} as ${as.arn}`;
      // The execution's trigger is the rule (CloudWatchEvent), which the call itself cannot carry.
      const withdraw = registerRuleStart(rt.world, target.Arn, as.arn, rule.Arn);
      await rt.invoke('codepipeline', 'StartPipelineExecution', { name: pipeline[1]! } satisfies StartPipelineExecutionCommandInput, { as, traceId }).finally(withdraw);
    } else {
      hop = `events:PutEvents on ${target.Arn} as ${as.arn}`;
      const input: PutEventsCommandInput = {
        Entries: [{ Source: event.source, DetailType: event['detail-type'], Detail: JSON.stringify(event.detail), Resources: event.resources, Time: new Date(event.time), EventBusName: target.Arn }],
      };
      const entry = input.Entries![0]!;
      const withdraw = registerForward(rt.world, { bus: target.Arn, caller: as.arn, source: entry.Source!, detailType: entry.DetailType!, detail: entry.Detail! }, event.id);
      const out = await rt.invoke<PutEventsCommandOutput>('events', 'PutEvents', input, { as, traceId }).finally(withdraw);
      // An entry refused on its own comes back in a 200 answer, with its code and message.
      const failed = out.Entries?.find((x) => x.ErrorCode);
      if (failed) throw new EntryRefused(failed.ErrorCode!, failed.ErrorMessage ?? '');
    }
    record({ outcome: 'delivered', requestId: traceId });
  } catch (e) {
    rule.failedInvocations++;
    const err =
      isAwsError(e) || e instanceof EntryRefused
        ? { code: e.code, status: e.status, message: e.message }
        : { code: 'InternalFailure', status: 500, message: e instanceof Error ? e.message : String(e) };
    record({ outcome: 'failed', error: err, requestId: traceId, explanation: `Rule ${rule.Arn} could not deliver event ${event.id} to target ${target.Id}: ${hop} was refused (${err.code}: ${err.message}). ${where}` });
  }
}

/** A PutEvents entry the target bus refused in its 200 answer. */
class EntryRefused extends Error {
  readonly status = 200;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** EventBridge acts for the rule: aws:SourceArn is the rule's ARN, aws:SourceAccount its account. */
async function assume(rt: ServiceRuntime, roleArn: string, rule: { arn: string; account: string }, eventId: string, traceId: string): Promise<Principal> {
  const input: AssumeRoleCommandInput = { RoleArn: roleArn, RoleSessionName: eventId.replace(/-/g, '') };
  const out = await rt.invoke<AssumeRoleCommandOutput>('sts', 'AssumeRole', input, { as: servicePrincipal(EVENTS_PRINCIPAL, rule), traceId });
  const record = rt.world.credentials.get(out.Credentials!.AccessKeyId!);
  if (!record) throw new Error(`STS issued credentials ${out.Credentials?.AccessKeyId} that are not registered`);
  return record.principal;
}
