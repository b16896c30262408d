/**
 * A cloud assembly xacct cannot deploy is one line naming what is wrong (cdk-assembly.ts): an environment-agnostic
 * stack (the CDK CLI would deploy it to its credentials' account, which xacct does not have), a manifest that is not
 * JSON, stacks that depend on each other in a cycle. xacct's own wording: no AWS response is involved.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCloudAssembly } from './cdk-assembly.js';

function assembly(manifest: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-cdk-bad-'));
  writeFileSync(join(dir, 'manifest.json'), manifest);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const stack = (env: string, dependencies: string[] = []) => ({ type: 'aws:cloudformation:stack', environment: env, properties: { templateFile: 'T.template.json' }, dependencies });

describe('readCloudAssembly refuses', () => {
  it('an environment-agnostic stack', async () => {
    const dir = assembly(JSON.stringify({ version: '55.0.0', artifacts: { Web: stack('aws://unknown-account/unknown-region') } }), { 'T.template.json': '{"Resources":{}}' });
    await expect(readCloudAssembly(dir)).rejects.toThrow(
      'cdk.out manifest.json: stack Web has environment "aws://unknown-account/unknown-region": xacct deploys each stack to the account and region its environment names; give the stack env: { account, region } (environment-agnostic stacks are deployed by the CDK CLI to the credentials\' account, which xacct does not have)',
    );
  });

  it('a manifest that is not JSON', async () => {
    const dir = assembly('{ "artifacts": ');
    await expect(readCloudAssembly(dir)).rejects.toThrow(/^cdk\.out manifest\.json: not valid JSON \(.+\)$/);
  });

  it('stacks that depend on each other in a cycle', async () => {
    const env = 'aws://111111111111/us-east-1';
    const dir = assembly(JSON.stringify({ version: '55.0.0', artifacts: { A: stack(env, ['B']), B: stack(env, ['A']) } }), { 'T.template.json': '{"Resources":{}}' });
    await expect(readCloudAssembly(dir)).rejects.toThrow('cdk.out manifest.json: stacks depend on each other in a cycle: A -> B -> A');
  });
});
