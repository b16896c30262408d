/**
 * Amazon EventBridge (JSON 1.1, target prefix AWSEvents, signing name `events`).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (errors.ts). Inputs are coerced by the SDK's model, so every
 * operation receives its `XCommandInput` (operation-names.ts types the table).
 * The catalog's event consumer (registry.ts `events`): what services emit goes to the account's default bus, and
 * what PutEvents puts on a bus is delivered the same way, in the background (delivery.ts).
 * Known deviations: archives, replays, API destinations, connections, endpoints, partner sources, schedules (kept,
 * never fired) and tags are not emulated.
 */
import * as sdk from '@aws-sdk/client-eventbridge';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { busOperations } from './buses.js';
import { deliver, deliveriesSeenBy } from './delivery.js';
import { eventsDenial } from './errors.js';
import type { EventsOperationName, EventsOperations } from './operation-names.js';
import { putEventsOperations } from './put-events.js';
import { ruleOperations } from './rules.js';
import { SERVICE } from './store.js';
import { targetOperations } from './targets.js';

export const EVENTS_TARGET_PREFIX = 'AWSEvents';

export const eventsService: ServiceDefinition = {
  name: SERVICE,
  protocol: jsonProtocol({ targetPrefix: EVENTS_TARGET_PREFIX }),
  targetPrefix: EVENTS_TARGET_PREFIX,
  operations: { ...busOperations, ...ruleOperations, ...targetOperations, ...putEventsOperations } satisfies EventsOperations<EventsOperationName>,
  model: sdkModel(sdk),
  errors: jsonErrors(),
  denial: eventsDenial,
  onServiceEvent: deliver,
  // AWS shows a refused delivery only as the rule's FailedInvocations metric: the log is xacct's own (delivery.ts).
  adminViews: {
    deliveries: { describe: "each rule target's delivery of an event: delivered, or the refused hop with its error", read: (world, viewer) => deliveriesSeenBy(world, viewer.account) },
  },
};
