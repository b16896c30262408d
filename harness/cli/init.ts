/**
 * `xacct init [DIR] [--from cdktf|terraform|cdk|cloudformation]`: scaffolds a user's project from templates/init/: a
 * CDKTF stacks module (infra/main.ts), a positive and a negative scenario (xacct/), a vitest example (test/) and the
 * README's CI workflow (.github/workflows/xacct.yml), then prints the command that runs them. Files that exist are
 * kept, never overwritten.
 * Deviation: `xacct run --stacks` takes a CDKTF module only, so the other forms of infrastructure are refused with
 * a message saying so (Terraform directories, AWS CDK cloud assemblies and CloudFormation deploy plans are planned).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runtime.js';
import { UsageError, type Io } from './io.js';

export interface InitOptions {
  from?: string;
}

const TEMPLATES = join(PACKAGE_ROOT, 'templates', 'init');
const NOT_YET: Record<string, string> = {
  terraform: 'a Terraform directory',
  cdk: 'an AWS CDK cloud assembly',
  cloudformation: 'a CloudFormation deploy plan',
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
  if (from in NOT_YET) {
    throw new UsageError(
      `--from ${from}: xacct run --stacks takes a CDKTF module only for now; ${NOT_YET[from]} is not supported yet. Run xacct init without --from for a CDKTF starting point`,
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
