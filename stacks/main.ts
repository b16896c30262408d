/**
 * The CDKTF app entry point for the reference setup: `cdktf synth` (with stacks/cdktf.json) or
 * `npx tsx stacks/main.ts` writes cdktf.out/stacks/xacct-reference/cdk.tf.json.
 * It is also an example of the convention `xacct synth --stacks <file>` and `xacct run --stacks <file>` accept:
 * the module default-exports a function that adds stacks to the App it is given (or an App of its own).
 * Deviations: none.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { App } from 'cdktf';
import type { Construct } from 'constructs';
import { buildReferenceSetup } from './reference-setup.js';

export default function build(app: Construct): void {
  buildReferenceSetup(app);
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const app = new App();
  build(app);
  app.synth();
}
