/**
 * What EventBridge's operations look up before anything else: the bus a call names (by name in the caller's account,
 * or by ARN in any account), and a rule on it. A bus or rule that does not exist is answered before any
 * authorization, with AWS's words (errors.ts).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeEventBus.html
 */
import type { OperationContext } from '../types.js';
import { ResourceNotFoundException } from './errors.js';
import { busLocation, DEFAULT_BUS, eventsStore, findBus, rulesOf, type EventBus, type EventsStore, type Rule } from './store.js';

export function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

/** The caller's own state in the call's Region. */
export function ownStore(ctx: OperationContext): EventsStore {
  return eventsStore(ctx.world.account(callerAccount(ctx))!, ctx.region, ctx.now());
}

/** The bus named by name or ARN (`default` when the call names none). */
export function busFor(ctx: OperationContext, nameOrArn: string | undefined): EventBus {
  const where = busLocation(nameOrArn ?? DEFAULT_BUS, callerAccount(ctx), ctx.region);
  const bus = findBus(ctx.world, where, ctx.now());
  if (!bus) throw ResourceNotFoundException.bus(where.name);
  return bus;
}

/** A rule on a bus of the caller's account. */
export function ruleFor(ctx: OperationContext, name: string, busName: string | undefined): Rule {
  const bus = busFor(ctx, busName);
  const rule = busRules(ctx, bus).get(name);
  if (!rule) throw ResourceNotFoundException.rule(name, bus.Name);
  return rule;
}

/** The rules on a bus, by name. */
export function busRules(ctx: OperationContext, bus: EventBus): Map<string, Rule> {
  return rulesOf(eventsStore(ctx.world.account(bus.account)!, bus.region, ctx.now()), bus.Name);
}

/** The bus's resource policy, as the request path evaluates it. */
export function busPolicy(bus: EventBus): { kind: 'other'; name: string; document: object } | undefined {
  return bus.policy ? { kind: 'other', name: `resource policy of event bus ${bus.Arn}`, document: bus.policy } : undefined;
}

/** One page of a listing: `NextToken` is the index of the next item, as text. */
export function page<T>(items: T[], limit: number | undefined, token: string | undefined): { items: T[]; NextToken?: string } {
  const start = token && /^\d+$/.test(token) ? Number(token) : 0;
  const end = limit ? start + limit : items.length;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}
