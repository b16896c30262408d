/**
 * The vitest helpers users get from 'xacct/vitest': toBeDeniedWith reads the emulator's record of which
 * authorization refused the request, even when S3 only says "Access Denied" or the refusal happened inside KMS.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../harness/index.js';
import { runScenarioTest, xacctMatchers } from '../../harness/testing/vitest.js';
import bucketPolicyMissing from '../../scenarios/bucket-policy-missing-target-account.scenario.js';

describe('xacct/vitest', () => {
  it('toBeDeniedWith names the action that refused a cross-account read', async () => {
    await using emu = await startEmulator();
    expect.extend(xacctMatchers(emu));
    const owner = new S3Client(emu.clientConfig('111111111111'));
    await owner.send(new CreateBucketCommand({ Bucket: 'matcher-bucket' }));
    await owner.send(new PutObjectCommand({ Bucket: 'matcher-bucket', Key: 'k', Body: 'x' }));
    const other = new S3Client(emu.clientConfig('222222222222'));
    await expect(other.send(new GetObjectCommand({ Bucket: 'matcher-bucket', Key: 'k' }))).toBeDeniedWith('s3:GetObject', {
      code: 'AccessDenied',
      status: 403,
      message: 'Access Denied',
    });
    await expect(expect(other.send(new GetObjectCommand({ Bucket: 'matcher-bucket', Key: 'k' }))).toBeDeniedWith('kms:Decrypt')).rejects.toThrow(
      'denied action was s3:GetObject, not kms:Decrypt',
    );
    await expect(expect(owner.send(new GetObjectCommand({ Bucket: 'matcher-bucket', Key: 'k' }))).toBeDeniedWith('s3:GetObject')).rejects.toThrow(
      'expected the call to be denied with s3:GetObject, but it succeeded',
    );
  });

  it('runScenarioTest runs a scenario on a fresh world', async () => {
    const result = await runScenarioTest(bucketPolicyMissing);
    expect(result.status, result.diff.join('\n')).toBe('passed');
    expect(result.error).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied', requestId: expect.any(String) });
  });
});
