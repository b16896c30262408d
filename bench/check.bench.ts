/**
 * `xacct check`'s proof on the reference setup (issue 18): every hop made, every grant the hops rest on removed
 * once in its own copy of the world and the hops made again, the must-refuse probes run. Timed from the applied
 * world (synthesizing and applying the setup is `xacct run`'s cost, measured in suite.bench.ts). To show the cost is
 * linear in the number of grants, the same proof again with 40 more statements in the key policy.
 * Run alone: `node --import tsx bench/check.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { resolveOptions } from '../stacks/options.js';
import { applySetup, check, emulatorOn } from '../harness/check/check.js';
import { rootPrincipal } from '../harness/world/principal.js';
import type { World } from '../harness/world/world.js';

async function withExtraKeyStatements(world: World, count: number): Promise<World> {
  const emulator = emulatorOn(world);
  const root = rootPrincipal('111111111111');
  const aliases = (await emulator.invokeAs(root, 'kms', 'ListAliases', {})) as { Aliases?: Array<{ AliasName?: string; TargetKeyId?: string }> };
  const KeyId = aliases.Aliases!.find((a) => a.AliasName === resolveOptions().names.keyAlias)!.TargetKeyId!;
  const policy = JSON.parse(((await emulator.invokeAs(root, 'kms', 'GetKeyPolicy', { KeyId, PolicyName: 'default' })) as { Policy: string }).Policy) as { Statement: unknown[] };
  for (let i = 0; i < count; i++) policy.Statement.push({ Sid: `Extra${i}`, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:Decrypt', Resource: '*' });
  await emulator.invokeAs(root, 'kms', 'PutKeyPolicy', { KeyId, PolicyName: 'default', Policy: JSON.stringify(policy) });
  return emulator.world;
}

export async function benchCheck(): Promise<Record<string, unknown>> {
  const world = await applySetup();
  await check({ world }); // loads every service the proof uses
  let start = performance.now();
  const reference = await check({ world });
  const referenceMs = performance.now() - start;
  const bigger = await withExtraKeyStatements(world, 40);
  start = performance.now();
  const more = await check({ world: bigger });
  const moreMs = performance.now() - start;
  return {
    benchmark: 'xacct check: the whole proof on the reference setup (in-process, from the applied world)',
    hops: reference.hops.length,
    grants: reference.grants.length,
    'proof ms': Number(referenceMs.toFixed(1)),
    'mutations per second': reference.stats.mutationsPerSecond,
    'ms per grant': Number((referenceMs / reference.grants.length).toFixed(2)),
    'with 40 more key-policy statements: grants': more.grants.length,
    'with 40 more key-policy statements: proof ms': Number(moreMs.toFixed(1)),
    'with 40 more key-policy statements: ms per grant': Number((moreMs / more.grants.length).toFixed(2)),
    target: 'the whole proof < 3000 ms; cost linear in the number of grants',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchCheck());
