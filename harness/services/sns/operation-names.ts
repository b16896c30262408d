/**
 * The SNS operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/sns/latest/api/API_Operations.html): topics, their attributes, and publishing.
 * Only names the SDK's SNS client knows compile.
 */
import type * as Sns from '@aws-sdk/client-sns';
import type { SdkOperation, SdkOperationName } from '../sdk-model.js';

type Known<T extends SdkOperationName<typeof Sns>> = T;

export type SnsOperationName = Known<'CreateTopic' | 'DeleteTopic' | 'GetTopicAttributes' | 'SetTopicAttributes' | 'Publish'>;

export type SnsOperation<N extends SnsOperationName, R = undefined> = SdkOperation<typeof Sns, N, R>;
