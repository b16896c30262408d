/**
 * `xacct synth [--out DIR] [--stacks FILE]`: synthesizes CDKTF stacks to Terraform JSON offline, in the layout
 * `cdktf synth` writes (<out>/stacks/<stack>/cdk.tf.json and <out>/manifest.json,
 * https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth).
 * Without --stacks it synthesizes the reference setup (stacks/reference-setup.ts).
 * --stacks convention: the module's default export is either a function `(app: App) => void | Promise<void>`
 * that adds stacks to the App it is given (see stacks/main.ts), or an App that already holds the stacks.
 * --stacks naming a Terraform directory is answered with what it is (runner/stacks-source.ts); a CloudFormation deploy
 * plan or a CDK cloud assembly is read and checked, and its steps are printed in the order apply/run make them.
 * Deviations: no Terraform provider download and no HCL output; a module that only calls `app.synth()` itself
 * (without exporting) is not supported.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from './io.js';
import { CDKTF_PEERS_MISSING, importUserModule, UserModuleError } from './typescript.js';

export interface SynthOptions {
  out?: string;
  stacks?: string;
}

/** A user's stacks module: adds stacks to the App; scenario variants arrive as the second argument. */
export type BuildFn = (app: import('cdktf').App, variant?: Record<string, unknown>) => void | Promise<void>;

export async function loadUserModule(file: string): Promise<BuildFn | import('cdktf').App> {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new Error(`--stacks ${file}: no such file`);
  let d: unknown;
  try {
    d = await importUserModule(abs);
  } catch (e) {
    if (e instanceof UserModuleError) throw new Error(`--stacks ${e.message}`);
    throw e;
  }
  const { App } = await importCdktf();
  if (typeof d === 'function') return d as BuildFn;
  if (App.isApp(d)) return d as import('cdktf').App;
  throw new Error(`--stacks ${file}: the module must default-export a function (app) => void that adds stacks, or an App`);
}

/**
 * CDKTF as the user's project has it (a peer dependency: the user's stacks and xacct must share one copy to build one
 * construct tree); missing, a message saying what to install.
 */
export async function importCdktf(): Promise<typeof import('cdktf')> {
  try {
    return await import('cdktf');
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new Error(`cdktf is not installed: ${CDKTF_PEERS_MISSING}`);
  }
}

/** Synthesizes and writes the stacks; returns the files written. */
export async function synthToDir(out: string, stacksFile?: string): Promise<string[]> {
  const { App } = await importCdktf();
  const { synthStacks, writeSynthesized } = await import('../../stacks/synth.js');
  const user = stacksFile ? await loadUserModule(stacksFile) : undefined;
  if (user && typeof user !== 'function') return writeSynthesized(out, synthStacks(user));
  // cdktf's App creates its outdir without parents.
  mkdirSync(out, { recursive: true });
  const app = new App({ outdir: out });
  if (user) await user(app);
  else {
    const { buildReferenceSetup } = await import('../../stacks/reference-setup.js');
    buildReferenceSetup(app);
  }
  const stacks = synthStacks(app);
  if (stacks.size === 0) throw new Error(`${stacksFile ?? 'the app'} defines no stacks`);
  return writeSynthesized(out, stacks);
}

export async function synthCommand(opts: SynthOptions, io: Io): Promise<number> {
  const out = opts.out ?? 'cdktf.out';
  try {
    if (opts.stacks && existsSync(resolve(opts.stacks))) {
      const { detectStacksKind } = await import('../runner/stacks-source.js');
      const kind = detectStacksKind(resolve(opts.stacks), `--stacks ${opts.stacks}`);
      if (kind === 'cloudformation-plan' || kind === 'cdk-assembly') {
        // Nothing to synthesize: the templates are deployed as written (a plan) or were synthesized by `cdk synth`
        // (an assembly). synth reads and checks it, and prints the steps `xacct apply` / `xacct run` make, in order.
        const { readDeployDocument, describeSteps } = await import('./deploy-plan.js');
        const doc = await readDeployDocument(kind, resolve(opts.stacks), `--stacks ${opts.stacks}`);
        const what = kind === 'cdk-assembly' ? 'an AWS CDK cloud assembly, already synthesized by `cdk synth`' : 'a CloudFormation deploy plan: its templates are deployed as written';
        io.err(`xacct synth: --stacks ${opts.stacks} is ${what}; nothing to synthesize. It reads as ${doc.steps.length} step${doc.steps.length === 1 ? '' : 's'}, which \`xacct apply ${opts.stacks}\` and \`xacct run --stacks ${opts.stacks}\` make in this order:`);
        for (const line of describeSteps(doc)) io.out(line);
        for (const n of doc.notes) io.err(`note: ${n}`);
        return 0;
      }
      if (kind === 'terraform') {
        io.err(`xacct synth: --stacks ${opts.stacks} is a Terraform directory: there is nothing to synthesize; apply it as it is with \`xacct apply ${opts.stacks}\` or \`xacct run --stacks ${opts.stacks}\``);
        return 2;
      }
    }
    const files = await synthToDir(out, opts.stacks);
    for (const f of files) io.out(f);
    return 0;
  } catch (e) {
    io.err(`xacct synth: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
