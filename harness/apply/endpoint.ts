/**
 * Where the applier sends its calls when no emulator is given: a running `xacct serve`, each account's root signing
 * with its account id as the access key and `test` as the secret (SigV4 as usual). Apart from the SDK clients
 * (clients.ts), so that a deploy plan, which makes its own few clients, does not load every client package.
 */
import type { AccountCredentialsResolver } from './types.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';
export const EMULATOR_SECRET = 'test';

/** The emulator's convention for a running `xacct serve`: each account's root signs with its id and `test`. */
export function endpointResolver(endpoint: string = DEFAULT_ENDPOINT): AccountCredentialsResolver {
  return {
    clientConfig: (accountId) => ({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: accountId, secretAccessKey: EMULATOR_SECRET },
      forcePathStyle: true,
    }),
  };
}
