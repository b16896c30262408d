/**
 * In-process synthesis of CDKTF stacks to Terraform JSON, the same object `cdktf synth` writes to
 * cdktf.out/stacks/<stack>/cdk.tf.json (https://developer.hashicorp.com/terraform/cdktf/concepts/stacks).
 * Deviations: the JSON is returned, not written; writing is `writeSynthesized`, which mirrors cdktf's layout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer.js';

/** Synthesized Terraform JSON (`cdk.tf.json`). */
export type TerraformJson = Record<string, unknown>;

/**
 * An App for in-process synthesis. cdktf's App always creates `<outdir>/stacks` when constructed, so point it at
 * one scratch folder under the OS temp dir instead of the caller's working directory; nothing is written there.
 */
export function scratchApp(): App {
  const outdir = join(tmpdir(), 'xacct-cdktf-scratch');
  mkdirSync(join(outdir, 'stacks'), { recursive: true });
  return new App({ outdir, skipValidation: true });
}

/** Runs aspects and validations like `app.synth()` and returns the stack's Terraform JSON object. */
export function synthStack(stack: TerraformStack): TerraformJson {
  invokeAspects(stack);
  stack.runAllValidations();
  return stack.toTerraform() as TerraformJson;
}

/** Every stack under an app (or construct), keyed by stack name. */
export function synthStacks(root: IConstruct): Map<string, TerraformJson> {
  const stacks = root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  stacks.forEach((s) => s.prepareStack());
  return new Map(stacks.map((s) => [s.node.id, synthStack(s)]));
}

/** Writes stacks the way cdktf does: `<out>/stacks/<name>/cdk.tf.json` plus `<out>/manifest.json`. Returns the paths written. */
export function writeSynthesized(out: string, stacks: Map<string, TerraformJson>, cdktfVersion = '0.21.0'): string[] {
  const written: string[] = [];
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: cdktfVersion, stacks: {} };
  for (const [name, tf] of stacks) {
    const dir = join(out, 'stacks', name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'cdk.tf.json');
    writeFileSync(file, `${JSON.stringify(tf, null, 2)}\n`);
    written.push(file);
    manifest.stacks[name] = {
      name,
      constructPath: name,
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      annotations: [],
      dependencies: [],
    };
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return written;
}
