/**
 * Inline policies and managed-policy attachments shared by AWS::IAM::Role, AWS::IAM::User and AWS::IAM::Group: put, replace and
 * remove them through IAM's own operations, diffing the previous properties on update.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-role-policy-1.html
 */
import type { TemplateValue } from '../template/index.js';
import type { Properties, ResourceContext } from './types.js';
import { document, items, requiredText } from './values.js';

type Kind = 'Role' | 'User' | 'Group';

function inlinePolicies(props: Properties): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of items<Record<string, TemplateValue>>(props, 'Policies')) {
    out.set(requiredText(p, 'PolicyName'), document(p['PolicyDocument']) ?? '');
  }
  return out;
}

export async function syncPolicies(ctx: ResourceContext, kind: Kind, name: string, props: Properties, previous: Properties): Promise<void> {
  const nameKey = `${kind}Name`;
  const before = inlinePolicies(previous);
  const after = inlinePolicies(props);
  for (const [policyName, doc] of after) {
    if (before.get(policyName) !== doc) {
      await ctx.call('iam', `Put${kind}Policy`, { [nameKey]: name, PolicyName: policyName, PolicyDocument: doc });
    }
  }
  for (const policyName of before.keys()) {
    if (!after.has(policyName)) await ctx.call('iam', `Delete${kind}Policy`, { [nameKey]: name, PolicyName: policyName });
  }
  const attachedBefore = new Set(items<string>(previous, 'ManagedPolicyArns').map(String));
  const attachedAfter = new Set(items<string>(props, 'ManagedPolicyArns').map(String));
  for (const arn of attachedAfter) {
    if (!attachedBefore.has(arn)) await ctx.call('iam', `Attach${kind}Policy`, { [nameKey]: name, PolicyArn: arn });
  }
  for (const arn of attachedBefore) {
    if (!attachedAfter.has(arn)) await ctx.call('iam', `Detach${kind}Policy`, { [nameKey]: name, PolicyArn: arn });
  }
}

export async function removePolicies(ctx: ResourceContext, kind: Kind, name: string, props: Properties): Promise<void> {
  await syncPolicies(ctx, kind, name, {}, props);
}
