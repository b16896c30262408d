/**
 * A scenario's setup: CDKTF stacks synthesized to Terraform JSON, once per distinct variant (synthesis is the slow
 * part; worlds are cheap), then applied to a fresh world.
 * - The bundled reference setup (stacks/): the variant is its parameters (stacks/options.ts).
 * - A user's stacks module (`xacct run --stacks main.ts`): its default export `(app, variant) => void` receives the
 *   scenario's `setup` object as the variant, or the module exports an App.
 */
import type { ReferenceSetupInput } from '../../stacks/options.js';

export type SetupVariant = ReferenceSetupInput;

export type StacksSource = { kind: 'reference' } | { kind: 'module'; file: string };

type Synth = (input: ReferenceSetupInput) => Record<string, unknown>;

const cache = new Map<string, Promise<Record<string, unknown>[]>>();
let referenceModule: Promise<{ synthReferenceSetup: Synth }> | undefined;

async function synthModule(file: string, variant: SetupVariant): Promise<Record<string, unknown>[]> {
  const { loadUserModule } = await import('../cli/synth.js');
  const { scratchApp, synthStacks } = await import('../../stacks/synth.js');
  const user = await loadUserModule(file);
  let app: import('cdktf').App;
  if (typeof user === 'function') {
    app = scratchApp();
    await user(app, variant as Record<string, unknown>);
  } else {
    app = user;
  }
  const stacks = [...synthStacks(app).values()];
  if (stacks.length === 0) throw new Error(`--stacks ${file} defines no stacks`);
  return stacks;
}

/** Terraform JSON documents (one per stack) for a variant of the setup, memoised by source and variant. */
export function synthesize(variant: SetupVariant = {}, source: StacksSource = { kind: 'reference' }): Promise<Record<string, unknown>[]> {
  const key = JSON.stringify([source, variant]);
  let pending = cache.get(key);
  if (!pending) {
    if (source.kind === 'module') {
      pending = synthModule(source.file, variant);
    } else {
      // Loaded lazily: CDKTF is only needed when a scenario is set up.
      referenceModule ??= import('../../stacks/reference-setup.js') as Promise<{ synthReferenceSetup: Synth }>;
      pending = referenceModule.then((m) => [m.synthReferenceSetup(variant)]);
    }
    cache.set(key, pending);
  }
  return pending;
}
