/**
 * Benchmark (not a test): an AWS CDK cloud assembly of three stacks in three accounts (the test fixture
 * test/fixtures/cdk-apps/three-stacks.ts, synthesized once by aws-cdk-lib into a temporary cdk.out) read and applied
 * to a fresh in-process emulator: three environments bootstrapped (the CDKToolkit stack each), four file assets
 * published as the file-publishing roles, three stacks deployed as the deploy roles. Issue 17's target: under 1 s.
 * Synthesis is `cdk synth`'s work, not xacct's: measured and shown apart.
 * Run alone: node --import tsx bench/cdk-assembly.bench.ts
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchCdkAssembly(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const { synthThreeStacks } = await import('../test/fixtures/cdk-apps/three-stacks.js');
  const dir = synthThreeStacks();
  const synthMs = ms(t0);
  const { apply, readCloudAssembly } = await import('../harness/apply/deploy/index.js');
  const { startEmulator } = await import('../harness/index.js');
  const accounts = [
    { name: 'tools', id: '111111111111' },
    { name: 'test', id: '222222222222' },
    { name: 'prod', id: '333333333333' },
  ];
  const runs: Array<{ read: number; apply: number; steps: number; resources: number }> = [];
  for (let i = 0; i < 6; i++) {
    const emu = await startEmulator({ transport: 'in-process', accounts });
    try {
      const t = performance.now();
      const plan = await readCloudAssembly(dir);
      const read = ms(t);
      const t2 = performance.now();
      const result = await apply([plan], { resolver: emu });
      runs.push({ read, apply: ms(t2), steps: plan.steps.length, resources: result.resources.length });
    } finally {
      await emu.dispose();
    }
  }
  const warm = runs.slice(1);
  const total = median(warm.map((r) => Math.round((r.read + r.apply) * 10) / 10));
  return {
    'cdk synth of the fixture (aws-cdk-lib, not xacct) (ms)': synthMs,
    'steps (3 bootstraps, 4 assets, 3 stacks)': runs[0]!.steps,
    'stack resources deployed': runs[0]!.resources,
    'read + apply, first in the process (the emulated services load) (ms)': Math.round((runs[0]!.read + runs[0]!.apply) * 10) / 10,
    'read, warm median (ms)': median(warm.map((r) => r.read)),
    'read + apply, warm median (ms)': total,
    'target CDK assembly (3 stacks) applied < 1000 ms': total < 1000,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [k, v] of Object.entries(await benchCdkAssembly())) console.log(`${k.padEnd(52)} ${String(v)}`);
}
