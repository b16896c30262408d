/**
 * "Not emulated" is a state, not a refusal: a resource type xacct does not model (Lambda, API Gateway, DynamoDB,
 * custom resources, the resources of a macro xacct cannot run…) is created as a placeholder, with a physical id and
 * Ref/Fn::GetAtt values in AWS's formats (placeholder-formats.ts) and no side effects, so the stack completes and
 * the IAM, KMS and S3 resources around it are still created and checked. Each placeholder is marked: its
 * CREATE_COMPLETE/UPDATE_COMPLETE event and DescribeStackResources carry NOT_EMULATED_REASON as
 * ResourceStatusReason, which `xacct run` reads to report a scenario that relied on one as "not emulated".
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html (resource status)
 * Known deviation: AWS sets no ResourceStatusReason on a completed resource; the mark is xacct's own, so that any
 * client (the SDKs, the CLI, the console-like reports) can see which resources are not real.
 */
import { isCustomResource, placeholderFormat } from './placeholder-formats.js';
import type { Properties, ResourceMapper } from './types.js';

export const NOT_EMULATED_PREFIX = 'Not emulated by xacct:';

/**
 * The mark of a placeholder. `unknownFrom` names the placeholder attribute its properties use (a custom resource's
 * output): a type xacct models is then a placeholder too, since what it would be created with is not known.
 */
export function notEmulatedReason(type: string, unknownFrom?: string): string {
  if (unknownFrom !== undefined) {
    return `${NOT_EMULATED_PREFIX} ${type} is a placeholder: its properties use ${unknownFrom}, a value only a resource xacct does not emulate would give or name`;
  }
  const what = isCustomResource(type) ? `custom resource ${type} (its Lambda function is not run)` : type;
  return `${NOT_EMULATED_PREFIX} ${what} is a placeholder with AWS-shaped Ref and Fn::GetAtt values and no side effects`;
}

/** The first placeholder attribute (`<type>:<logical id>.<attribute>`) a resource's resolved properties use. */
export function unknownValueIn(props: Properties): string | undefined {
  return /"xacct-not-emulated:([^"]+)"/.exec(JSON.stringify(props))?.[1];
}

export function isNotEmulatedReason(reason: string | undefined): boolean {
  return reason?.startsWith(NOT_EMULATED_PREFIX) ?? false;
}

/** The mapper of a type the emulator does not model. */
export function placeholderMapper(type: string): ResourceMapper {
  return {
    type,
    service: 'cloudformation',
    failureStyle: { kind: 'handler', serviceLabel: 'CloudFormation' },
    // Without an in-place update a changed placeholder is replaced: a new one, the old one deleted (both no-ops).
    replaceOn: [],
    placeholder: true,
    async create(ctx, props) {
      const p = placeholderFormat(ctx, type, props);
      ctx.created(p.physicalId);
      return p;
    },
    async delete() {},
    attributes: [],
  };
}
