/**
 * Fn::Join's list and Fn::Split's string checked against the declared type of a parameter they `Ref`, before any
 * resource is created, as CloudFormation checks them: a String parameter where Fn::Join wants a list, or a list
 * parameter (CommaDelimitedList, List<…>, AWS::NotificationARNs) where Fn::Split wants a string, is a template error.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-join.html
 * Evidence that CloudFormation types these arguments before provisioning, with the wordings in intrinsics.ts:
 * - a Ref to a list parameter as Fn::Split's string: "Template error: every Fn::Split object requires two parameters,
 *   …" (aws-cloudformation/cfn-language-discussion#106, CommaDelimitedList; awslabs/goformation#282, List<…>,
 *   "ValidationError: Template error: every Fn::Split object …");
 * - a value typed as a list inside Fn::Join's list: "An error occurred (ValidationError) when calling the CreateStack
 *   operation: Template error: every Fn::Join object requires two parameters, …" (cloudtools/troposphere#1469, a
 *   list-valued Fn::GetAtt; nothing was created);
 * - for a template with a transform, the same Fn::Join wording as the change set's FAILED reason
 *   (aws/aws-sam-cli#2887: "Waiter ChangeSetCreateComplete failed: … Status: FAILED. Reason: Template error: every
 *   Fn::Join object requires two parameters, …").
 * Only resources and outputs whose Condition holds are checked, and only the Fn::If branch its condition takes, as
 * "Unresolved resource dependencies" is checked (prepare.ts).
 * Known deviation (in doubt): no record shows a Ref to a String parameter as Fn::Join's list itself; xacct applies the
 * Fn::Split record's rule (a Ref is typed by its parameter's declared type) to Fn::Join. Refs to resources and
 * Fn::GetAtt are not typed here (they are checked when their values exist, intrinsics.ts).
 */
import { ValidationError } from '../errors.js';
import { JOIN_SHAPE, SPLIT_SHAPE } from './intrinsics.js';
import type { Template, TemplateValue } from './types.js';
import { asIntrinsic, isObject } from './walk.js';

/** What a Ref names: 'list' or 'string' for a parameter or pseudo parameter, undefined for a resource or unknown name. */
type RefType = (name: string) => 'list' | 'string' | undefined;

export function checkListArguments(
  template: Template,
  kept: ReadonlySet<string>,
  conditions: Readonly<Record<string, boolean>>,
  refType: RefType,
): void {
  const refTypeOf = (v: TemplateValue | undefined) => {
    const fn = asIntrinsic(v);
    return fn?.name === 'Ref' && typeof fn.arg === 'string' ? refType(fn.arg) : undefined;
  };
  const walk = (v: TemplateValue): void => {
    const fn = asIntrinsic(v);
    if (fn?.name === 'Fn::If' && Array.isArray(fn.arg) && typeof fn.arg[0] === 'string' && conditions[fn.arg[0]] !== undefined) {
      const branch = conditions[fn.arg[0]] ? fn.arg[1] : fn.arg[2];
      if (branch !== undefined) walk(branch);
      return;
    }
    if (fn?.name === 'Fn::Join' && Array.isArray(fn.arg) && refTypeOf(fn.arg[1]) === 'string') throw ValidationError(JOIN_SHAPE);
    if (fn?.name === 'Fn::Split' && Array.isArray(fn.arg) && refTypeOf(fn.arg[1]) === 'list') throw ValidationError(SPLIT_SHAPE);
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach(walk);
  };
  for (const id of kept) walk((template.Resources[id]!.Properties ?? {}) as TemplateValue);
  for (const output of Object.values(template.Outputs)) {
    if (output.Condition === undefined || conditions[output.Condition]) walk(output.Value);
  }
}
