/**
 * The CodeStar connections operations the emulator serves, by their API names
 * (https://docs.aws.amazon.com/codestar-connections/latest/APIReference/API_Operations.html). The table (service.ts)
 * is typed by this union with the SDK's inputs and outputs, so the compiler refuses a name the SDK's client does not
 * know. UseConnection is not an API operation (see connections.ts): it stands apart.
 */
import type * as sdk from '@aws-sdk/client-codestar-connections';
import type { SdkOperations } from '../sdk-model.js';

export type ConnectionsOperationName = 'CreateConnection' | 'GetConnection' | 'ListConnections' | 'DeleteConnection';

export type ConnectionsOperations = SdkOperations<typeof sdk, ConnectionsOperationName>;
