import type { DeployDocument } from './types.js';
export async function readCloudAssembly(_dir: string): Promise<DeployDocument> {
  throw new Error('not yet');
}
