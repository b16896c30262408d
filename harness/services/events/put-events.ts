/**
 * EventBridge PutEvents: each entry is put on the bus it names (by name in the caller's account, or by ARN in any
 * account), and the rules of that bus deliver it after the call has answered (delivery.ts), as AWS does.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 * Authorization: events:PutEvents on each bus named, with the bus's resource policy (PutPermission): another
 * account's bus is reached only when its policy allows the caller. A bus that does not exist fails the whole call
 * ("Event bus <name> does not exist.", recorded: LocalStack's AWS-validated test_put_events_nonexistent_event_bus);
 * an entry without Source, DetailType or Detail, or whose Detail is not a JSON object, fails alone in the answer
 * (recorded: test_put_events_without_source, test_put_event_without_detail(_type), test_put_event_malformed_detail).
 * An entry EventBridge itself forwards from another bus (delivery.ts, forwarding.ts) keeps its event's id.
 * An entry whose Source starts with `aws.` is refused (NotAuthorizedForSourceException), unless EventBridge itself
 * forwards it: that namespace is the services'.
 * Known deviations: size limits, endpoints and trace headers are not emulated.
 */
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { requestId as newEventId } from '../../world/ids.js';
import type { AuthCheck } from '../types.js';
import { EntryErrors, type EntryError } from './errors.js';
import { takeForward } from './forwarding.js';
import { busFor, busPolicy, callerAccount } from './lookup.js';
import type { EventsOperations } from './operation-names.js';
import { SERVICE, type EventBus } from './store.js';

interface Put {
  entry: PutEventsRequestEntry;
  bus?: EventBus;
  error?: EntryError;
  detail?: Record<string, unknown>;
}

function entryError(entry: PutEventsRequestEntry): EntryError | undefined {
  for (const member of ['Source', 'DetailType', 'Detail'] as const) if (!entry[member]) return EntryErrors.required(member);
  return undefined;
}

function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const putEventsOperations: EventsOperations<'PutEvents'> = {
  PutEvents: {
    resolve(ctx, input): Put[] {
      return (input.Entries ?? []).map((entry) => {
        const bus = busFor(ctx, entry.EventBusName);
        const error = entryError(entry);
        if (error) return { entry, bus, error };
        const detail = parseDetail(entry.Detail!);
        return detail ? { entry, bus, detail } : { entry, bus, error: EntryErrors.malformedDetail() };
      });
    },
    authorize(_ctx, _input, puts: Put[]): AuthCheck[] {
      const buses = new Map(puts.map((p) => [p.bus!.Arn, p.bus!]));
      return [...buses.values()].map((bus) => ({ action: `${SERVICE}:PutEvents`, resource: bus.Arn, resourceAccount: bus.account, resourcePolicy: busPolicy(bus) }));
    },
    handler(ctx, _input, puts: Put[]) {
      const Entries: PutEventsResultEntry[] = puts.map(({ entry, bus, error, detail }) => {
        if (error) return { ...error };
        const forwarded = { bus: bus!.Arn, caller: ctx.principal.arn, source: entry.Source!, detailType: entry.DetailType!, detail: entry.Detail! };
        const forwardedId = takeForward(ctx.world, forwarded);
        if (forwardedId === undefined && entry.Source!.startsWith('aws.')) return EntryErrors.notAuthorizedForSource();
        const id = forwardedId ?? newEventId();
        ctx.emit({
          source: entry.Source!,
          detailType: entry.DetailType!,
          account: callerAccount(ctx),
          region: bus!.region,
          resources: entry.Resources ?? [],
          detail: detail!,
          eventBusName: bus!.Arn,
          id,
          ...(entry.Time ? { time: entry.Time } : {}),
        });
        return { EventId: id };
      });
      return { FailedEntryCount: Entries.filter((e) => e.ErrorCode).length, Entries };
    },
  },
};
