import type { Identities } from './identity.js';
import type { BootstrapStep } from './types.js';
export async function bootstrap(_step: BootstrapStep, _ids: Identities, _note: (m: string) => void): Promise<void> {
  throw new Error('not yet');
}
