/**
 * The STS operations the emulator implements (https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html).
 */
import type * as sdk from '@aws-sdk/client-sts';
import type { SdkOperation } from '../sdk-model.js';

export type StsOperationName = 'AssumeRole' | 'GetCallerIdentity' | 'GetFederationToken' | 'GetSessionToken';

export type StsOperation<Op extends StsOperationName> = SdkOperation<typeof sdk, Op>;
