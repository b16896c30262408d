/**
 * A cloud assembly xacct cannot deploy is one line naming what is wrong (cdk-assembly.ts): an environment that is not
 * aws://ACCOUNT/REGION, a manifest that is not JSON, stacks that depend on each other in a cycle (xacct's own
 * wording: no AWS response is involved), and stack names no stack matches, in the CDK CLI's words (aws-cdk,
 * cdk-toolkit.ts validateStacksSelected: `No stacks match the name(s) ${stackNames}`, an array joined by commas).
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
  it('an environment that is not aws://ACCOUNT/REGION', async () => {
    const dir = assembly(JSON.stringify({ version: '55.0.0', artifacts: { Web: stack('aws://12/us-east-1') } }), { 'T.template.json': '{"Resources":{}}' });
    await expect(readCloudAssembly(dir)).rejects.toThrow('cdk.out manifest.json: stack Web has environment "aws://12/us-east-1", which is not aws://ACCOUNT/REGION');
  });

  it('stack names no stack matches, as `cdk deploy` refuses them', async () => {
    const dir = assembly(JSON.stringify({ version: '55.0.0', artifacts: { Web: stack('aws://111111111111/us-east-1') } }), { 'T.template.json': '{"Resources":{}}' });
    await expect(readCloudAssembly(dir, { stacks: ['Api', 'Db*'] })).rejects.toThrow('cdk.out manifest.json: No stacks match the name(s) Api,Db*');
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
