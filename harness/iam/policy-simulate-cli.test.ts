/**
 * `xacct policy simulate` (harness/cli/policy-simulate.ts): verdicts, --json lines, and bad-input errors.
 * KMS cross-account wording: errors.jsonl E006.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policySimulateCommand } from '../cli/policy-simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'xacct-sim-'));
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
async function run(files: string[], json: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await policySimulateCommand(files, { json }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

const key = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const denied = file('denied.json', {
  principal: 'arn:aws:sts::222222222222:assumed-role/deploy/s1',
  action: 'kms:Decrypt',
  resource: key,
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }],
  resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
});
const allowed = file('allowed.json', {
  principal: 'arn:aws:iam::111111111111:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  resourceAccount: '111111111111',
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
});

describe('policy simulate', () => {
  it('prints one JSON line per file, in order', async () => {
    const { code, out, err } = await run([denied, allowed], true);
    expect(code).toBe(1);
    expect(err).toEqual([]);
    const [a, b] = out.map((l) => JSON.parse(l));
    expect(a.decision).toBe('implicitDeny');
    expect(a.error).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message:
        'User: arn:aws:sts::222222222222:assumed-role/deploy/s1 is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access',
    });
    expect(a.fix).toContain(`add arn:aws:iam::222222222222:root (or arn:aws:iam::222222222222:role/deploy) to the key policy of ${key} for kms:Decrypt`);
    expect(b.decision).toBe('allowed');
  });
  it('prints a readable verdict with the explanation and the fix', async () => {
    const { code, out } = await run([denied], false);
    expect(code).toBe(1);
    expect(out[0]).toContain('DENIED (implicit deny)');
    expect(out[0]).toContain('fix: add arn:aws:iam::222222222222:root');
  });
  it('names the file and the problem for bad input, without a stack trace', async () => {
    const missing = file('missing.json', { action: 's3:GetObject', resource: '*' });
    const notJson = file('broken.json', '{oops');
    const badPolicy = file('bad-policy.json', {
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:GetObject',
      resource: '*',
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { a: 'b' } } }] }],
    });
    const { code, out, err } = await run([missing, notJson, badPolicy, join(dir, 'nope.json'), allowed], true);
    expect(code).toBe(2);
    expect(out).toHaveLength(1);
    expect(err[0]).toBe(`${missing}: missing required field "principal"`);
    expect(err[1]).toMatch(new RegExp(`^${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
    expect(err[2]).toBe(`${badPolicy}: identityPolicies[0] is not a valid policy: MalformedPolicyDocument: Syntax errors in policy.`);
    expect(err[3]).toBe(`${join(dir, 'nope.json')}: cannot read file (ENOENT)`);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });
});
