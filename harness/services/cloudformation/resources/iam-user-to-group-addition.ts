/**
 * AWS::IAM::UserToGroupAddition: AddUserToGroup for each of Users; an update adds and removes the difference, a
 * GroupName change removes them from the old group and adds them to the new. Ref returns the generated physical id.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-usertogroupaddition.html
 * Failure wording: legacy "API: iam:AddUserToGroup …" (errors.jsonl E069 form).
 */
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { items, requiredText } from './values.js';

function memberships(props: Properties): Set<string> {
  if (props['GroupName'] === undefined) return new Set();
  const group = requiredText(props, 'GroupName');
  return new Set(items(props, 'Users').map((u) => JSON.stringify([group, String(u)])));
}

async function sync(ctx: ResourceContext, props: Properties, previous: Properties): Promise<void> {
  const before = memberships(previous);
  const after = memberships(props);
  for (const m of after) {
    const [GroupName, UserName] = JSON.parse(m) as [string, string];
    if (!before.has(m)) await ctx.call('iam', 'AddUserToGroup', { GroupName, UserName });
  }
  for (const m of before) {
    const [GroupName, UserName] = JSON.parse(m) as [string, string];
    if (!after.has(m)) await ctx.call('iam', 'RemoveUserFromGroup', { GroupName, UserName });
  }
}

export const iamUserToGroupAddition: ResourceMapper = {
  type: 'AWS::IAM::UserToGroupAddition',
  service: 'iam',
  failureStyle: { kind: 'legacy', serviceLabel: 'AmazonIdentityManagement' },
  replaceOn: [],
  required: ['GroupName', 'Users'],
  attributes: [],
  async create(ctx, props) {
    const physicalId = ctx.generatedName({ max: 128 });
    ctx.created(physicalId);
    await sync(ctx, props, {});
    return { physicalId, attributes: {} };
  },
  async update(ctx, physicalId, props, previous) {
    await sync(ctx, props, previous);
    return { physicalId, attributes: {} };
  },
  async delete(ctx, _physicalId, props) {
    await sync(ctx, {}, props);
  },
};
