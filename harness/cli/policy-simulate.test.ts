/**
 * `xacct policy simulate` as a CI step runs it: the exit status says whether any decision is a deny (1) unless
 * --no-fail-on-deny (0), and the fix for a request S3 refuses names the bucket whose policy must change, not the
 * object (S3 keeps resource policies on buckets: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'xacct-sim-exit-'));
function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(content));
  return p;
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
