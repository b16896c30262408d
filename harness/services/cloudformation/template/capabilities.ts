/**
 * Which capabilities a template needs: CAPABILITY_IAM for IAM resources, CAPABILITY_NAMED_IAM when one of
 * them has a custom name, CAPABILITY_AUTO_EXPAND for a Transform.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (Capabilities)
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html
 *
 * Deviation: evaluated on the template as written (like ValidateTemplate), not on the resources that
 * conditions keep.
 */
import { InsufficientCapabilitiesException } from '../errors.js';
import type { Template } from './types.js';

/** IAM resource types the CreateStack reference lists under CAPABILITY_IAM / CAPABILITY_NAMED_IAM. */
const IAM_TYPES = new Set([
  'AWS::IAM::AccessKey', 'AWS::IAM::Group', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy',
  'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::UserToGroupAddition', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
]);

/** Properties that give an IAM resource a custom name. */
const NAME_PROPERTIES = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

export interface RequiredCapabilities {
  capabilities: Capability[];
  /** ValidateTemplate's CapabilitiesReason, present when an IAM capability is needed. */
  reason?: string;
}

export function requiredCapabilities(template: Template): RequiredCapabilities {
  const iamTypes: string[] = [];
  let named = false;
  for (const resource of Object.values(template.Resources)) {
    if (!IAM_TYPES.has(resource.Type)) continue;
    if (!iamTypes.includes(resource.Type)) iamTypes.push(resource.Type);
    if (NAME_PROPERTIES.some((p) => resource.Properties?.[p] !== undefined)) named = true;
  }
  const capabilities: Capability[] = [];
  if (iamTypes.length > 0) capabilities.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (template.Transform !== undefined) capabilities.push('CAPABILITY_AUTO_EXPAND');
  const reason = iamTypes.length > 0 ? `The following resource(s) require capabilities: [${iamTypes.join(', ')}]` : undefined;
  return reason === undefined ? { capabilities } : { capabilities, reason };
}

/** Throws InsufficientCapabilitiesException when `given` lacks one the template needs (NAMED_IAM covers IAM). */
export function assertCapabilities(template: Template, given: readonly string[]): void {
  const missing = requiredCapabilities(template).capabilities.filter(
    (c) => !given.includes(c) && !(c === 'CAPABILITY_IAM' && given.includes('CAPABILITY_NAMED_IAM')),
  );
  if (missing.length > 0) throw InsufficientCapabilitiesException(missing);
}
