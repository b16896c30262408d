/**
 * The EventBridge operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html). Each operations file types its
 * table by the names it holds, and service.ts the whole table by this union, so the compiler refuses a missing
 * operation, a name the SDK's EventBridge client does not know, and an entry whose input is not the SDK's
 * `<Op>CommandInput`.
 */
import type * as sdk from '@aws-sdk/client-eventbridge';
import type { SdkOperations } from '../sdk-model.js';

export type EventBusOperationName = 'CreateEventBus' | 'DeleteEventBus' | 'DescribeEventBus' | 'ListEventBuses' | 'PutPermission' | 'RemovePermission';

export type RuleOperationName = 'PutRule' | 'DescribeRule' | 'ListRules' | 'DeleteRule' | 'EnableRule' | 'DisableRule' | 'TestEventPattern';

export type TargetOperationName = 'PutTargets' | 'ListTargetsByRule' | 'ListRuleNamesByTarget' | 'RemoveTargets';

export type EventsOperationName = EventBusOperationName | RuleOperationName | TargetOperationName | 'PutEvents';

/** A table of some of the implemented operations, each typed with the SDK's input and output. */
export type EventsOperations<Names extends EventsOperationName> = SdkOperations<typeof sdk, Names>;
