/**
 * Publishes one file asset of a cloud assembly's asset manifest as cdk-assets does for `cdk deploy`
 * (https://github.com/cdklabs/cdk-assets, README "Manifest Example"): as the destination's assumeRoleArn (the
 * bootstrap's file-publishing role), a `file` asset is uploaded as it is and a `zip` asset (a directory) is zipped
 * first, to the destination's bucket and key. The role is assumed by the account's administrator.
 * Deviations: an object already in the bucket is uploaded again (cdk-assets skips it after a ListObjectsV2).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import type { Identities } from './identity.js';
import type { FileAssetStep } from './types.js';

/** A directory as a zip archive, its files at their paths relative to it (fixed timestamps: the same bytes each time). */
function zipDirectory(dir: string): Uint8Array {
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(dir, p).split('\\').join('/')] = [readFileSync(p), { mtime: new Date('1980-01-01T00:00:00Z') }];
    }
  };
  walk(dir);
  return zipSync(files);
}

export async function publishFileAsset(step: FileAssetStep, ids: Identities): Promise<void> {
  const config = await ids.as(step.as, step.account, step.region, 'cdk-assets');
  const body = step.packaging === 'zip' || statSync(step.path).isDirectory() ? zipDirectory(step.path) : readFileSync(step.path);
  await new S3Client(config).send(new PutObjectCommand({ Bucket: step.bucket, Key: step.key, Body: body, ...(step.packaging === 'zip' ? { ContentType: 'application/zip' } : {}) }));
}
