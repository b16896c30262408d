/**
 * The contract between the provisioning engine and one resource type's mapper: create, update and delete a
 * resource through the emulator's own request path as the stack's acting principal (service role session or
 * caller), never by reaching into another service's store.
 * https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-walkthrough.html (handler model)
 */
import type { TemplateValue } from '../template/index.js';

export type Properties = Record<string, TemplateValue>;

export interface StackInfo {
  stackName: string;
  stackId: string;
  account: string;
  region: string;
  /** The capabilities the stack operation acknowledged (a nested stack is created with the same). */
  capabilities: string[];
}

/** A stack of the same account and Region once its operation is over (a nested stack). */
export interface SettledStack {
  status: string;
  /** Why it failed: the reason of its last *_IN_PROGRESS/_FAILED stack event that has one. */
  reason?: string;
  outputs: Record<string, string>;
}

export interface ResourceContext {
  stack: StackInfo;
  logicalId: string;
  /** Calls `service`.`operation` as the stack's acting principal. `action` names the IAM action for status reasons when it is not `<service>:<operation>`. */
  call<O = Record<string, unknown>>(service: string, operation: string, input: unknown, action?: string): Promise<O>;
  /** Records the physical id as soon as it exists, so a later failing step leaves nothing behind after rollback. */
  created(physicalId: string): void;
  /** A physical name like CloudFormation generates: `<stack>-<logical>-<RANDOM>`, cut to `max` characters. */
  generatedName(opts?: { max?: number; lowerCase?: boolean }): string;
  /** Waits, without a request, for a stack CloudFormation itself runs (a nested stack) to finish its operation. */
  settledStack(stackId: string): Promise<SettledStack>;
}

export interface Provisioned {
  physicalId: string;
  attributes: Record<string, TemplateValue>;
}

export interface ResourceMapper {
  type: string;
  /** The emulated service the type needs; the type is unsupported while that service is not registered. */
  service: string;
  /**
   * How CloudFormation words this type's failures: `legacy` ("API: s3:CreateBucket Access Denied", E069–E071) or
   * `handler` (Cloud Control: "Resource handler returned message: …", E072/E081) with the SDK's service label.
   */
  failureStyle: { kind: 'legacy'; serviceLabel: string } | { kind: 'handler'; serviceLabel: string };
  /** Property names whose change replaces the resource (a new physical resource, then the old one deleted). */
  replaceOn: string[];
  /** Required properties, checked before the resource's create starts. */
  required?: string[];
  create(ctx: ResourceContext, props: Properties): Promise<Provisioned>;
  /** In-place update; without it any change replaces the resource. */
  update?(ctx: ResourceContext, physicalId: string, props: Properties, previous: Properties): Promise<Provisioned>;
  delete(ctx: ResourceContext, physicalId: string, props: Properties): Promise<void>;
  /** Fn::GetAtt attribute names the type supports. */
  attributes: string[];
  /** Fn::GetAtt attribute names beyond `attributes` (a nested stack's `Outputs.<key>`). */
  attributePattern?: RegExp;
  /** A type xacct does not model: created as a placeholder and marked "not emulated" (placeholder.ts). */
  placeholder?: boolean;
}
