/**
 * Amazon EventBridge's state, per account and Region: event buses (each account has its `default` bus, which exists
 * without being created), their resource policies, the rules on each bus with their targets; and, for the whole
 * world, the log of what each rule's delivery did.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html
 * ARNs as AWS forms them (LocalStack's AWS-validated snapshots, tests/aws/services/events/test_events.snapshot.json):
 * a bus `arn:aws:events:<region>:<account>:event-bus/<name>`; a rule on the default bus `…:rule/<name>`, on another
 * bus `…:rule/<bus>/<name>`.
 * The store holds data only (no compiled patterns, no functions), so a world with rules can be copied
 * (world/snapshot.ts).
 * Known deviations: the delivery log and FailedInvocations are the emulator's (AWS shows the latter as the rule's
 * CloudWatch metric, and keeps no per-delivery log).
 */
import type { Account, World } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service. */
export const SERVICE = 'events';
export const DEFAULT_BUS = 'default';

export interface EventBus {
  Name: string;
  Arn: string;
  account: string;
  region: string;
  Description?: string;
  /** The bus's resource policy (PutPermission's statements, or the policy it was given), as a document. */
  policy?: PolicyDocument;
  CreationTime: Date;
  LastModifiedTime: Date;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: unknown;
  Resource: unknown;
  Condition?: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
  [key: string]: unknown;
}

export interface RuleTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
}

export interface Rule {
  Name: string;
  Arn: string;
  EventBusName: string;
  account: string;
  region: string;
  /** The pattern as given (validated when written); pattern.ts compiles it where it is matched. */
  EventPattern?: string;
  ScheduleExpression?: string;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  RoleArn?: string;
  CreatedBy: string;
  targets: Map<string, RuleTarget>;
  /** Invocations of the rule's targets that failed: the rule's CloudWatch metric FailedInvocations in AWS. */
  failedInvocations: number;
}

export interface EventsStore {
  buses: Map<string, EventBus>;
  /** Rules by bus name, then rule name. */
  rules: Map<string, Map<string, Rule>>;
}

export function busArn(region: string, account: string, name: string): string {
  return `arn:aws:events:${region}:${account}:event-bus/${name}`;
}

export function ruleArn(region: string, account: string, bus: string, name: string): string {
  return `arn:aws:events:${region}:${account}:rule/${bus === DEFAULT_BUS ? '' : `${bus}/`}${name}`;
}

/** The account's state in a Region, with its default bus (which AWS creates with the account). */
export function eventsStore(account: Account, region: string, now: Date): EventsStore {
  return account.store<EventsStore>(SERVICE, region, () => {
    const bus: EventBus = { Name: DEFAULT_BUS, Arn: busArn(region, account.id, DEFAULT_BUS), account: account.id, region, CreationTime: now, LastModifiedTime: now };
    return { buses: new Map([[DEFAULT_BUS, bus]]), rules: new Map() };
  });
}

const BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/(.+)$/;

/** Where a bus named by name (the caller's account) or by ARN (any account) lives. */
export function busLocation(nameOrArn: string, account: string, region: string): { account: string; region: string; name: string } {
  const m = BUS_ARN.exec(nameOrArn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : { account, region, name: nameOrArn };
}

export function isBusArn(arn: string): boolean {
  return BUS_ARN.test(arn);
}

/** The bus at a location, if its account exists and holds it. */
export function findBus(world: World, where: { account: string; region: string; name: string }, now: Date): EventBus | undefined {
  const account = world.account(where.account);
  return account ? eventsStore(account, where.region, now).buses.get(where.name) : undefined;
}

export function rulesOf(store: EventsStore, bus: string): Map<string, Rule> {
  let rules = store.rules.get(bus);
  if (!rules) {
    rules = new Map();
    store.rules.set(bus, rules);
  }
  return rules;
}
