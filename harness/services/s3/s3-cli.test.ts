/**
 * S3 through a client nobody here wrote: /usr/bin/aws (Debian's AWS CLI, botocore) against an HTTP emulator.
 * s3api put-object / get-object, s3 cp both ways (including a multipart upload: the CLI splits files above 8 MiB),
 * SSE-KMS with a customer managed key, and a negative case asserting botocore's rendering of code and message.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSession, type CliSession } from './cli-session.js';

describe('S3 with /usr/bin/aws over http', () => {
  let cli: CliSession;
  let dir: string;
  const aws = (...args: string[]) => cli.aws(...args);

  beforeAll(async () => {
    cli = await cliSession('cli-bucket');
    dir = cli.dir;
  });
  afterAll(() => cli.dispose());

  it('puts and gets an object with s3api, byte for byte', async () => {
    const data = randomBytes(100_000);
    writeFileSync(join(dir, 'in.bin'), data);
    const put = JSON.parse((await aws('s3api', 'put-object', '--bucket', 'cli-bucket', '--key', 'dir/in.bin', '--body', join(dir, 'in.bin'))).stdout);
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const get = JSON.parse((await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'dir/in.bin', join(dir, 'out.bin'))).stdout);
    expect(get.ContentLength).toBe(data.length);
    expect(readFileSync(join(dir, 'out.bin')).equals(data)).toBe(true);
  });

  it('copies files up and down with s3 cp, multipart above the CLI threshold, with SSE-KMS', async () => {
    const kmsOut = JSON.parse((await aws('kms', 'create-key')).stdout);
    const keyArn: string = kmsOut.KeyMetadata.Arn;
    const data = randomBytes(9 * 1024 * 1024 + 17);
    writeFileSync(join(dir, 'big.bin'), data);
    await aws('s3', 'cp', join(dir, 'big.bin'), 's3://cli-bucket/big.bin', '--sse', 'aws:kms', '--sse-kms-key-id', keyArn);
    const head = JSON.parse((await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin')).stdout);
    expect(head).toMatchObject({ ContentLength: data.length, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    expect(head.ETag).toMatch(/-2"$/);
    await aws('s3', 'cp', 's3://cli-bucket/big.bin', join(dir, 'big.out'));
    expect(readFileSync(join(dir, 'big.out')).equals(data)).toBe(true);
    const ls = (await aws('s3', 'ls', 's3://cli-bucket/')).stdout;
    expect(ls).toContain('big.bin');
  });

  it("reports S3's error code and message through botocore", async () => {
    const err = (await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'missing', join(dir, 'x')).catch((e: { code: number; stderr: string }) => e)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).not.toBe(0);
    expect(err.stderr.trim()).toBe('An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.');
  });
});
