import type { Identities } from './identity.js';
import type { FileAssetStep } from './types.js';
export async function publishFileAsset(_step: FileAssetStep, _ids: Identities): Promise<void> {
  throw new Error('not yet');
}
