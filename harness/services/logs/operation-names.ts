/**
 * The CloudWatch Logs operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html): log groups only.
 * Only names the SDK's CloudWatch Logs client knows compile.
 */
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import type { SdkOperation, SdkOperationName } from '../sdk-model.js';

type Known<T extends SdkOperationName<typeof Logs>> = T;

export type LogsOperationName = Known<'CreateLogGroup' | 'DeleteLogGroup' | 'DescribeLogGroups'>;

export type LogsOperation<N extends LogsOperationName, R = undefined> = SdkOperation<typeof Logs, N, R>;
