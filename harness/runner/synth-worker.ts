/**
 * Synthesizes variants of the reference setup on a second thread, so CDKTF's import and synthesis overlap with the
 * scenarios the main thread is already running (the machine has more than one core). Used only when xacct runs
 * compiled (plain JavaScript loads in a worker without a TypeScript loader).
 */
import { parentPort } from 'node:worker_threads';
import { synthReferenceSetup } from '../../stacks/reference-setup.js';
import type { ReferenceSetupInput } from '../../stacks/options.js';

export interface SynthRequest {
  id: number;
  variant: ReferenceSetupInput;
}

export type SynthReply = { id: number; doc: Record<string, unknown> } | { id: number; error: string };

parentPort?.on('message', ({ id, variant }: SynthRequest) => {
  try {
    parentPort!.postMessage({ id, doc: synthReferenceSetup(variant) } satisfies SynthReply);
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies SynthReply);
  }
});
