/**
 * What knowing every AWS managed policy costs (harness/services/iam/aws-managed-policies.ts): the first lookup of
 * one policy (its entry cut out of the package's 77 MB file), a second policy, and reading every policy (ListPolicies
 * with Scope AWS), each in a fresh process so nothing is cached; and that importing IAM reads nothing.
 * Run alone: `node --import tsx bench/managed-policies.bench.ts`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;

const PROBE = `
const t0 = performance.now();
const m = await import('./harness/services/iam/aws-managed-policies.ts');
await import('./harness/services/iam/service.ts');
const t1 = performance.now();
const one = m.awsManagedPolicy('arn:aws:iam::aws:policy/CloudWatchLogsFullAccess');
const t2 = performance.now();
m.awsManagedPolicy('arn:aws:iam::aws:policy/AWSCodeDeployRoleForECSLimited');
const t3 = performance.now();
const all = m.allAwsManagedPolicies();
const t4 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2, allMs: t4 - t3, count: all.length, found: one !== undefined, heapMB: process.memoryUsage().heapUsed / 1e6 }));
`;

async function probe(): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { cwd: REPO });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchManagedPolicies(): Promise<Record<string, unknown>> {
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < RUNS; i++) runs.push(await probe());
  const m = (k: string) => Number(median(runs.map((r) => r[k]!)).toFixed(1));
  return {
    'import IAM (reads no policy), ms': m('importMs'),
    'first AWS managed policy named, ms': m('firstMs'),
    'another one named, ms': m('secondMs'),
    'every policy (ListPolicies Scope=AWS), ms': m('allMs'),
    policies: runs[0]!['count'],
    'heap after reading all, MB': m('heapMB'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchManagedPolicies());
