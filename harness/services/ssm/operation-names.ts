/**
 * The SSM operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Operations.html): Parameter Store's basics.
 * Only names the SDK's SSM client knows compile.
 */
import type * as Ssm from '@aws-sdk/client-ssm';
import type { SdkOperation, SdkOperationName } from '../sdk-model.js';

type Known<T extends SdkOperationName<typeof Ssm>> = T;

export type SsmOperationName = Known<'PutParameter' | 'GetParameter' | 'GetParameters' | 'DeleteParameter'>;

export type SsmOperation<N extends SsmOperationName, R = undefined> = SdkOperation<typeof Ssm, N, R>;
