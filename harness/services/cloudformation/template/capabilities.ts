/**
 * Which capabilities a template needs: CAPABILITY_IAM for IAM resources, CAPABILITY_NAMED_IAM when one of
 * them has a custom name, CAPABILITY_AUTO_EXPAND for macros (a Transform section or Fn::Transform, AWS::Serverless
 * and AWS::Include included) when the stack is created or updated directly from the template.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (Capabilities)
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html
 * Change sets are reviewed before they run, so a macro alone does not need CAPABILITY_AUTO_EXPAND there
 * (API_CreateChangeSet.html: "This capacity doesn't apply to creating change sets ... If you want to create a
 * stack from a stack template that contains macros and nested stacks, you must create or update the stack
 * directly from the template using the CreateStack or UpdateStack action, and specifying this capability";
 * https://github.com/localstack/localstack/pull/7718, fixed after AWS was seen to accept such change sets). A
 * change set whose macros bring nested stacks (SAM's AWS::Serverless::Application) does need it: `sam deploy`,
 * which deploys through change sets, is refused "Requires capabilities : [CAPABILITY_AUTO_EXPAND]" for nested
 * applications (https://github.com/aws/aws-toolkit-jetbrains/issues/1394, aws/aws-extensions-for-dotnet-cli#51).
 *
 * Deviation: evaluated on the template (like ValidateTemplate), not on the resources that conditions keep.
 */
import { InsufficientCapabilitiesException } from '../errors.js';
import type { Template, TemplateValue } from './types.js';
import { asIntrinsic, visit } from './walk.js';

/** IAM resource types the CreateStack reference lists under CAPABILITY_IAM / CAPABILITY_NAMED_IAM. */
const IAM_TYPES = new Set([
  'AWS::IAM::AccessKey', 'AWS::IAM::Group', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy',
  'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::UserToGroupAddition', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
]);

/** Nested stacks, as written or as SAM's Application (which SAM expands into one). */
const NESTED_STACK_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** Properties that give an IAM resource a custom name. */
const NAME_PROPERTIES = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

export interface RequiredCapabilities {
  capabilities: Capability[];
  /** ValidateTemplate's CapabilitiesReason, present when an IAM capability is needed. */
  reason?: string;
}

/** How the template is being deployed, and what it became once its macros ran. */
export interface CapabilityContext {
  /** A change set (CreateChangeSet, ExecuteChangeSet) rather than CreateStack/UpdateStack. */
  changeSet?: boolean;
  /** The processed template, when macros were expanded: its resources decide the IAM and nested-stack needs. */
  processed?: Template;
}

function hasMacros(template: Template): boolean {
  if (template.Transform !== undefined) return true;
  let found = false;
  const sections = { Resources: template.Resources, Outputs: template.Outputs } as unknown as TemplateValue;
  visit(sections, '', (node) => {
    if (asIntrinsic(node)?.name === 'Fn::Transform') found = true;
  });
  return found;
}

export function requiredCapabilities(template: Template, context: CapabilityContext = {}): RequiredCapabilities {
  const resources = Object.values((context.processed ?? template).Resources);
  const iamTypes: string[] = [];
  let named = false;
  for (const resource of resources) {
    if (!IAM_TYPES.has(resource.Type)) continue;
    if (!iamTypes.includes(resource.Type)) iamTypes.push(resource.Type);
    if (NAME_PROPERTIES.some((p) => resource.Properties?.[p] !== undefined)) named = true;
  }
  const capabilities: Capability[] = [];
  if (iamTypes.length > 0) capabilities.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  const nested = resources.some((r) => NESTED_STACK_TYPES.has(r.Type));
  if (hasMacros(template) && (!context.changeSet || nested)) capabilities.push('CAPABILITY_AUTO_EXPAND');
  const reason = iamTypes.length > 0 ? `The following resource(s) require capabilities: [${iamTypes.join(', ')}]` : undefined;
  return reason === undefined ? { capabilities } : { capabilities, reason };
}

/**
 * Throws InsufficientCapabilitiesException when `given` lacks one the template needs (NAMED_IAM covers IAM). Without
 * CAPABILITY_AUTO_EXPAND the macros do not run, so it is asked for alone, before what they would add (AWS's answer
 * recorded in LocalStack's test_template_engine.snapshot.json, TestMacros::test_capabilities_requirements: a macro
 * adding a named role, CreateStack without capabilities → "Requires capabilities : [CAPABILITY_AUTO_EXPAND]").
 */
export function assertCapabilities(template: Template, given: readonly string[], context: CapabilityContext = {}): void {
  const required = requiredCapabilities(template, context).capabilities;
  if (required.includes('CAPABILITY_AUTO_EXPAND') && !given.includes('CAPABILITY_AUTO_EXPAND')) {
    throw InsufficientCapabilitiesException(['CAPABILITY_AUTO_EXPAND']);
  }
  const missing = required.filter(
    (c) => !given.includes(c) && !(c === 'CAPABILITY_IAM' && given.includes('CAPABILITY_NAMED_IAM')),
  );
  if (missing.length > 0) throw InsufficientCapabilitiesException(missing);
}
