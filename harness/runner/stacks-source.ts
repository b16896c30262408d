/**
 * What a PATH given to `xacct run --stacks`, `xacct apply` or `xacct synth --stacks` is: one row of KINDS per form of
 * infrastructure xacct can be given, tried in order; the first whose `matches` accepts the path wins. A kind without
 * `supported` answers that it is not supported yet; a path no kind matches is one line listing them all.
 * Adding a kind is one row here and its case where the kinds are used (setup.ts, cli/apply.ts).
 * - a CDKTF module: a .ts/.js file whose default export adds stacks (https://developer.hashicorp.com/terraform/cdktf);
 * - a Terraform directory: *.tf and/or *.tf.json files, or a `cdktf synth` output folder (manifest.json with
 *   "stacks", or stacks/<name>/cdk.tf.json) (https://developer.hashicorp.com/terraform/language/files);
 * - an AWS CDK cloud assembly: `cdk.out`, a manifest.json with "artifacts"
 *   (https://docs.aws.amazon.com/cdk/v2/guide/deploy.html#deploy-how-synth-assemblies);
 * - a CloudFormation deploy plan: `xacct.deploy.yaml`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export type StacksKind = 'module' | 'terraform' | 'cdk-assembly' | 'cloudformation-plan';

export interface KindRow {
  kind: StacksKind;
  /** How messages name the kind, with what identifies it. */
  label: string;
  matches(path: string): boolean;
  supported: boolean;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

function manifestHas(dir: string, key: string): boolean {
  const m = join(dir, 'manifest.json');
  if (!isFile(m)) return false;
  try {
    const v = JSON.parse(readFileSync(m, 'utf8')) as Record<string, unknown>;
    return v !== null && typeof v === 'object' && key in v;
  } catch {
    return false;
  }
}

const PLAN_FILE = 'xacct.deploy.yaml';

export const KINDS: KindRow[] = [
  {
    kind: 'module',
    label: 'a CDKTF module (a .ts or .js file)',
    matches: (p) => isFile(p) && /\.(ts|mts|cts|js|mjs|cjs)$/.test(p),
    supported: true,
  },
  {
    kind: 'cdk-assembly',
    label: 'an AWS CDK cloud assembly (cdk.out)',
    matches: (p) => isDir(p) && manifestHas(p, 'artifacts'),
    supported: true,
  },
  {
    kind: 'cloudformation-plan',
    label: `a CloudFormation deploy plan (${PLAN_FILE})`,
    matches: (p) => (isFile(p) && basename(p) === PLAN_FILE) || (isDir(p) && isFile(join(p, PLAN_FILE))),
    supported: true,
  },
  {
    kind: 'terraform',
    label: 'a Terraform directory (*.tf, *.tf.json, or a `cdktf synth` output folder)',
    matches: (p) =>
      (isFile(p) && (p.endsWith('.tf') || p.endsWith('.tf.json'))) ||
      (isDir(p) && (manifestHas(p, 'stacks') || isDir(join(p, 'stacks')) || readdirSync(p).some((f) => f.endsWith('.tf') || f.endsWith('.tf.json')))),
    supported: true,
  },
];

export class StacksPathError extends Error {}

const andList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}` : (xs[0] ?? ''));
const allKinds = () => KINDS.map((k) => k.label).join(', ');

/** The kind of PATH, or a StacksPathError naming what it is not (`what` is how the command names the path). */
export function detectStacksKind(path: string, what = path): StacksKind {
  if (!existsSync(path)) throw new StacksPathError(`${what}: no such file or directory (expected ${allKinds()})`);
  const row = KINDS.find((k) => k.matches(path));
  if (!row) throw new StacksPathError(`${what} is none of what xacct reads: ${allKinds()}`);
  if (!row.supported) throw new StacksPathError(`${what} is ${row.label}: not supported yet (xacct reads ${andList(KINDS.filter((k) => k.supported).map((k) => k.label))}; the kinds are ${allKinds()})`);
  return row.kind;
}

/**
 * `--provider-account aws.prod=333333333333` (repeatable): the account a Terraform provider configuration deploys to,
 * for providers whose block does not say (a `profile`, environment credentials).
 */
export function parseProviderAccounts(flags: string[] | undefined): Record<string, string> | undefined {
  if (!flags?.length) return undefined;
  const out: Record<string, string> = {};
  for (const f of flags) {
    const m = /^([\w.-]+)=(\d{12})$/.exec(f.trim());
    if (!m) throw new StacksPathError(`--provider-account must be PROVIDER=ACCOUNT_ID (aws, aws.<alias> or <alias>, and a 12-digit id), got "${f}"`);
    out[m[1]!] = m[2]!;
  }
  return out;
}
