/**
 * IAM inline policies, the same four operations for roles and users: Put/Get/Delete<Entity>Policy and
 * List<Entity>Policies. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
 * Each entity file passes its own lookup and its own authorization (a user's defaults to the calling user).
 */
import { str } from '../params.js';
import type { Operation, OperationContext } from '../types.js';
import { checkDocument, encodeDoc, name, POLICY_NAME, type Input } from './common.js';
import { NoSuchEntity } from './errors.js';

type Target = 'Role' | 'User';

interface WithInline {
  inline: Map<string, string>;
}

export function inlinePolicyOperations<T extends Target>(
  target: T,
  check: (action: string) => NonNullable<Operation<Input>['authorize']>,
  lookup: (ctx: OperationContext, entityName: string) => WithInline,
): Record<`Put${T}Policy` | `Get${T}Policy` | `Delete${T}Policy` | `List${T}Policies`, Operation<Input>> {
  const nameKey = `${target}Name`;
  const entity = (ctx: OperationContext, input: Input) => {
    const entityName = name(input, nameKey);
    return { entityName, record: lookup(ctx, entityName) };
  };
  const notFound = (policyName: string) => NoSuchEntity(`The ${target.toLowerCase()} policy with name ${policyName} cannot be found.`);
  const put: Operation<Input> = {
    authorize: check(`Put${target}Policy`),
    handler(ctx, input) {
      const { entityName, record } = entity(ctx, input);
      const policyName = name(input, 'PolicyName', POLICY_NAME);
      const doc = str('ValidationError', input, 'PolicyDocument', { required: true, min: 1, max: 131072 });
      const others = [...record.inline].filter(([n]) => n !== policyName).map(([, d]) => d);
      checkDocument(ctx, doc, target === 'Role' ? 'inlineRole' : 'inlineUser', entityName, others);
      record.inline.set(policyName, doc);
      return {};
    },
  };
  const get: Operation<Input> = {
    authorize: check(`Get${target}Policy`),
    handler(ctx, input) {
      const { entityName, record } = entity(ctx, input);
      const policyName = name(input, 'PolicyName', POLICY_NAME);
      const doc = record.inline.get(policyName);
      if (doc === undefined) throw notFound(policyName);
      return { [nameKey]: entityName, PolicyName: policyName, PolicyDocument: encodeDoc(doc) };
    },
  };
  const del: Operation<Input> = {
    authorize: check(`Delete${target}Policy`),
    handler(ctx, input) {
      const { record } = entity(ctx, input);
      const policyName = name(input, 'PolicyName', POLICY_NAME);
      if (!record.inline.delete(policyName)) throw notFound(policyName);
      return {};
    },
  };
  const list: Operation<Input> = {
    authorize: check(`List${target}Policies`),
    handler: (ctx, input) => ({ PolicyNames: [...entity(ctx, input).record.inline.keys()].sort(), IsTruncated: false }),
  };
  return {
    [`Put${target}Policy`]: put,
    [`Get${target}Policy`]: get,
    [`Delete${target}Policy`]: del,
    [`List${target}Policies`]: list,
  } as Record<`Put${T}Policy` | `Get${T}Policy` | `Delete${T}Policy` | `List${T}Policies`, Operation<Input>>;
}
