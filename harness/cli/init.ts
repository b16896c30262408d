/**
 * `xacct init [DIR] [--from cdktf|terraform|cdk|cloudformation]`: scaffolds a user's project from templates/init/: a
 * CDKTF stacks module (infra/main.ts), a positive and a negative scenario (xacct/), a vitest example (test/) and the
 * README's CI workflow (.github/workflows/xacct.yml), then prints the command that runs them. Files that exist are
 * kept, never overwritten.
 * `xacct run --stacks` takes four forms of infrastructure: a CDKTF module, a Terraform directory, an AWS CDK cloud
 * assembly (cdk.out) and a CloudFormation deploy plan (xacct.deploy.yaml). init writes a CDKTF starting point only;
 * `--from terraform|cdk|cloudformation` is refused with the command that runs that form as it is, with no scaffold.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runtime.js';
import { UsageError, type Io } from './io.js';

export interface InitOptions {
  from?: string;
}

const TEMPLATES = join(PACKAGE_ROOT, 'templates', 'init');
/** What each other form is, and how to run it as it is (it needs no scaffold). */
const OTHER_FORMS: Record<string, { what: string; run: string }> = {
  terraform: { what: 'a Terraform directory', run: 'run it as it is: npx xacct run --stacks path/to/your-terraform-dir xacct/' },
  cdk: { what: 'an AWS CDK cloud assembly', run: 'run `npx cdk synth`, then: npx xacct run --stacks cdk.out xacct/' },
  cloudformation: {
    what: 'a CloudFormation deploy plan',
    run: 'list your templates, accounts and stacks in xacct.deploy.yaml (the README shows one), then: npx xacct run --stacks xacct.deploy.yaml xacct/',
  },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The command that runs the scaffold, from the directory init was run in. */
export function runCommandFor(dir: string): string {
  const rel = relative(process.cwd(), dir);
  const prefix = rel === '' ? '' : `${rel}/`;
  return `npx xacct run --stacks ${prefix}infra/main.ts ${prefix}xacct/`;
}

export async function initCommand(dir: string | undefined, opts: InitOptions, io: Io): Promise<number> {
  const from = opts.from ?? 'cdktf';
  const other = OTHER_FORMS[from];
  if (other) {
    throw new UsageError(
      `--from ${from}: init writes a CDKTF starting point only, not yet ${other.what}; xacct run --stacks takes ${other.what} with no scaffold: ${other.run}. Run xacct init without --from for the CDKTF starting point and its example scenarios`,
    );
  }
  if (from !== 'cdktf') throw new UsageError(`--from must be one of cdktf, terraform, cdk, cloudformation, got "${from}"`);
  const target = resolve(dir ?? '.');
  for (const file of filesUnder(TEMPLATES)) {
    const to = join(target, file);
    const shown = relative(process.cwd(), to) || to;
    if (existsSync(to)) {
      io.err(`kept     ${shown} (exists)`);
      continue;
    }
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(TEMPLATES, file), to);
    io.err(`created  ${shown}`);
  }
  io.out(`Next: ${runCommandFor(target)}`);
  return 0;
}
