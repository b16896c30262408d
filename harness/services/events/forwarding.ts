/**
 * What EventBridge knows of an event it forwards from one bus to another, which the PutEvents call it makes cannot
 * carry: the event keeps its id on the bus it arrives at (LocalStack's AWS-validated snapshot
 * test_events_cross_account_region.snapshot.json, test_event_bus_to_event_bus_cross_account_region[*-account]: the
 * same id on both buses), and an event that arrived by forwarding is not forwarded to another bus again: "If a
 * receiver account sets up a rule that sends events received from a sender account on to a third account, these
 * events aren't sent to the third account", and likewise between three buses of one account
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html).
 * The delivery registers the forward before its PutEvents; PutEvents takes it for the entry it matches (same bus,
 * caller, source, detail-type and detail) and marks the event's arrival, which the delivery on that bus takes.
 */
import type { World } from '../../world/world.js';

interface Forwarding {
  /** Forwards under way, by their key, with the forwarded event's id. */
  pending: Map<string, string>;
  /** `<bus ARN> <event id>` of events that arrived on a bus by forwarding. */
  arrived: Set<string>;
}

function state(world: World): Forwarding {
  return world.global<Forwarding>('events:forwarding', () => ({ pending: new Map(), arrived: new Set() }));
}

export interface ForwardKey {
  bus: string;
  caller: string;
  source: string;
  detailType: string;
  detail: string;
}

const key = (k: ForwardKey) => JSON.stringify([k.bus, k.caller, k.source, k.detailType, k.detail]);

/** Registers a forward; the returned function withdraws it if PutEvents did not take it. */
export function registerForward(world: World, k: ForwardKey, eventId: string): () => void {
  const s = state(world);
  s.pending.set(key(k), eventId);
  return () => s.pending.delete(key(k));
}

/** The id of the event a PutEvents entry forwards, if it does; its arrival on the bus is then marked. */
export function takeForward(world: World, k: ForwardKey): string | undefined {
  const s = state(world);
  const id = s.pending.get(key(k));
  if (id === undefined) return undefined;
  s.pending.delete(key(k));
  s.arrived.add(`${k.bus} ${id}`);
  return id;
}

/** Whether the event arrived on the bus by forwarding (asked once, by the delivery on that bus). */
export function takeArrival(world: World, bus: string, eventId: string): boolean {
  return state(world).arrived.delete(`${bus} ${eventId}`);
}
