/**
 * IAM inline policies, the same four operations for roles, users and groups: Put/Get/Delete<Entity>Policy and
 * List<Entity>Policies. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
 * Each entity file passes its own lookup and its own authorization (a user's defaults to the calling user).
 */
import { str } from '../params.js';
import type { AuthCheck, Operation, OperationContext } from '../types.js';
import { checkDocument, encodeDoc, name, NAME, POLICY_NAME } from './common.js';
import { NoSuchEntity } from './errors.js';

type Target = 'Role' | 'User' | 'Group';

interface WithInline {
  inline: Map<string, string>;
}

/** The inputs of the four operations, as the SDK types them for either entity: its name, and the policy's. */
type InlineInput<T extends Target> = { [K in `${T}Name`]?: string } & { PolicyName?: string; PolicyDocument?: string };

type PolicyOfEntity<T extends Target> = Record<`${T}Name` | 'PolicyName' | 'PolicyDocument', string>;

/** Put, Get, Delete and List of one entity's inline policies; the entity's table names them (`PutRolePolicy` …). */
export interface InlinePolicyOperations<T extends Target> {
  put: Operation<InlineInput<T>, object>;
  get: Operation<InlineInput<T>, PolicyOfEntity<T>>;
  del: Operation<InlineInput<T>, object>;
  list: Operation<InlineInput<T>, { PolicyNames: string[]; IsTruncated: boolean }>;
}

export function inlinePolicyOperations<T extends Target>(
  target: T,
  check: (action: string) => (ctx: OperationContext, input: InlineInput<T>) => AuthCheck,
  lookup: (ctx: OperationContext, entityName: string) => WithInline,
  lookupToChange: (ctx: OperationContext, entityName: string) => WithInline = lookup,
  entityNameRule: typeof NAME = NAME,
): InlinePolicyOperations<T> {
  const nameKey: `${T}Name` = `${target}Name`;
  const entity = (ctx: OperationContext, input: InlineInput<T>, change = false) => {
    const entityName = name(input, nameKey, entityNameRule);
    return { entityName, record: (change ? lookupToChange : lookup)(ctx, entityName) };
  };
  const notFound = (policyName: string) => NoSuchEntity(`The ${target.toLowerCase()} policy with name ${policyName} cannot be found.`);
  const put: InlinePolicyOperations<T>['put'] = {
    authorize: check(`Put${target}Policy`),
    handler(ctx, input) {
      const { entityName, record } = entity(ctx, input, true);
      const policyName = name(input, 'PolicyName', POLICY_NAME);
      const doc = str('ValidationError', input, 'PolicyDocument', { required: true, min: 1, max: 131072 });
      const others = [...record.inline].filter(([n]) => n !== policyName).map(([, d]) => d);
      checkDocument(ctx, doc, `inline${target}`, entityName, others);
      record.inline.set(policyName, doc);
      return {};
    },
  };
  const get: InlinePolicyOperations<T>['get'] = {
    authorize: check(`Get${target}Policy`),
    handler(ctx, input) {
      const { entityName, record } = entity(ctx, input);
      const policyName = name(input, 'PolicyName', POLICY_NAME);
      const doc = record.inline.get(policyName);
      if (doc === undefined) throw notFound(policyName);
      return { [nameKey]: entityName, PolicyName: policyName, PolicyDocument: encodeDoc(doc) } as PolicyOfEntity<T>;
    },
  };
  const del: InlinePolicyOperations<T>['del'] = {
    authorize: check(`Delete${target}Policy`),
    handler(ctx, input) {
      const { record } = entity(ctx, input, true);
      const policyName = name(input, 'PolicyName', POLICY_NAME);
      if (!record.inline.delete(policyName)) throw notFound(policyName);
      return {};
    },
  };
  const list: InlinePolicyOperations<T>['list'] = {
    authorize: check(`List${target}Policies`),
    handler: (ctx, input) => ({ PolicyNames: [...entity(ctx, input).record.inline.keys()].sort(), IsTruncated: false }),
  };
  return { put, get, del, list };
}
