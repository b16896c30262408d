/**
 * `xacct policy simulate` (harness/cli/policy-simulate.ts): verdicts, --json lines and bad-input errors; the exit
 * status a CI step reads (1 when any decision is a deny, unless --no-fail-on-deny; 2 for a file it cannot read);
 * the fix for a request S3 refuses names the bucket whose policy must change, not the object (S3 keeps resource
 * policies on buckets: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
 * KMS cross-account wording: errors.jsonl E006.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { policySimulateCommand } from './policy-simulate.js';

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

async function xacct(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

const allowed = file('allowed.json', {
  principal: 'arn:aws:iam::111111111111:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::artifacts/app.zip',
  resourceAccount: '111111111111',
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
});
// The target account's action role reads an artifact from a bucket in the pipeline account that has no bucket policy.
const noBucketPolicy = file('no-bucket-policy.json', {
  principal: 'arn:aws:sts::222222222222:assumed-role/deploy/s1',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::artifacts/app/build.zip',
  resourceAccount: '111111111111',
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
});

describe('policy simulate exit status', () => {
  it('exits 0 when every request is allowed', async () => {
    expect((await xacct(['policy', 'simulate', allowed])).code).toBe(0);
  });

  it('exits 1 when any decision is a deny, and 0 with --no-fail-on-deny', async () => {
    const failing = await xacct(['policy', 'simulate', allowed, noBucketPolicy, '--json']);
    expect(failing.code).toBe(1);
    expect(failing.out.map((l) => JSON.parse(l).decision)).toEqual(['allowed', 'implicitDeny']);
    expect((await xacct(['policy', 'simulate', allowed, noBucketPolicy, '--no-fail-on-deny'])).code).toBe(0);
  });

  it("names the bucket, not the object, in the fix for a missing bucket policy", async () => {
    const r = await xacct(['policy', 'simulate', noBucketPolicy, '--json']);
    const d = JSON.parse(r.out[0]!);
    expect(d.explanation).toBe('arn:aws:s3:::artifacts belongs to account 111111111111; a cross-account request needs an Allow in its bucket policy, and it has none.');
    expect(d.fix).toBe('add arn:aws:iam::222222222222:root (or arn:aws:iam::222222222222:role/deploy) to the bucket policy of arn:aws:s3:::artifacts for s3:GetObject');
  });
});

const key = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const denied = file('denied.json', {
  principal: 'arn:aws:sts::222222222222:assumed-role/deploy/s1',
  action: 'kms:Decrypt',
  resource: key,
  identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }],
  resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] },
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
