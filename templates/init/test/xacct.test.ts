/**
 * xacct from vitest: the emulator in the test's own process, and the scenarios of xacct/ as tests.
 * Run with `npx vitest run` (install vitest first: npm install -D vitest).
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { startEmulator } from 'xacct';
import { runScenarioTest, xacctMatchers } from 'xacct/vitest';
import deploys from '../xacct/deploys.scenario';

it('another account cannot read a bucket whose policy does not name it', async () => {
  const emu = await startEmulator();
  try {
    expect.extend(xacctMatchers(emu));
    const owner = new S3Client(emu.clientConfig('111111111111'));
    await owner.send(new CreateBucketCommand({ Bucket: 'private-111111111111' }));
    await owner.send(new PutObjectCommand({ Bucket: 'private-111111111111', Key: 'a.txt', Body: 'hello' }));
    const other = new S3Client(emu.clientConfig('222222222222'));
    // S3 answers a cross-account refusal with a bare "Access Denied".
    await expect(other.send(new GetObjectCommand({ Bucket: 'private-111111111111', Key: 'a.txt' }))).toBeDeniedWith('s3:GetObject', {
      code: 'AccessDenied',
      status: 403,
      message: 'Access Denied',
    });
  } finally {
    await emu.dispose();
  }
});

it('the pipeline deploys into the target account', async () => {
  const result = await runScenarioTest(deploys, 'infra/main.ts');
  expect(result.diff).toEqual([]);
  expect(result.status).toBe('passed');
}, 60_000);
