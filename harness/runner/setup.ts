/**
 * A scenario's setup: the reference stacks with the scenario's changes, synthesized once per distinct variant
 * (synthesis is the slow part; worlds are cheap) and applied to a fresh world.
 */
import type { ReferenceSetupInput } from '../../stacks/options.js';

export type SetupVariant = ReferenceSetupInput;

type Synth = (input: ReferenceSetupInput) => Record<string, unknown>;

const cache = new Map<string, Promise<Record<string, unknown>>>();
let synthModule: Promise<{ synthReferenceSetup: Synth }> | undefined;

/** Terraform JSON for a variant of the reference setup, memoised by the variant's content. */
export function synthesize(variant: SetupVariant = {}, endpoint?: string): Promise<Record<string, unknown>> {
  const input = endpoint ? { ...variant, endpoint } : variant;
  const key = JSON.stringify(input);
  let pending = cache.get(key);
  if (!pending) {
    // Loaded lazily: CDKTF is only needed when a scenario is set up.
    synthModule ??= import('../../stacks/reference-setup.js') as Promise<{ synthReferenceSetup: Synth }>;
    pending = synthModule.then((m) => m.synthReferenceSetup(input));
    cache.set(key, pending);
  }
  return pending;
}
