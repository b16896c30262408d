/**
 * Parameter declarations: which properties and types CloudFormation accepts.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html
 *
 * AWS-specific types (AWS::EC2::VPC::Id ...) are accepted and treated as String (AWS also checks the value
 * exists in the account; the emulator has no EC2, so it does not). SSM parameter types take their value from the
 * emulated Parameter Store (parameters.ts).
 */
import { ValidationError } from '../errors.js';

export const PARAMETER_PROPERTIES: ReadonlySet<string> = new Set([
  'Type', 'Default', 'NoEcho', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength', 'MinValue', 'MaxValue',
  'Description', 'ConstraintDescription',
]);

const AWS_SPECIFIC = new Set([
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
]);

export type ParameterKind =
  | { kind: 'String' }
  | { kind: 'Number' }
  | { kind: 'List'; of: 'String' | 'Number' }
  | { kind: 'SSM'; valueType: string };

/** Classifies a parameter type, or throws CloudFormation's "Unrecognized parameter type" error. */
export function checkParameterType(_name: string, type: string): ParameterKind {
  if (type === 'String' || AWS_SPECIFIC.has(type) || type === 'AWS::SSM::Parameter::Name') return { kind: 'String' };
  if (type === 'Number') return { kind: 'Number' };
  if (type === 'CommaDelimitedList' || type === 'List<String>') return { kind: 'List', of: 'String' };
  if (type === 'List<Number>') return { kind: 'List', of: 'Number' };
  const list = /^List<(.+)>$/.exec(type);
  if (list && AWS_SPECIFIC.has(list[1]!)) return { kind: 'List', of: 'String' };
  const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
  if (ssm) {
    const inner = ssm[1]!;
    const innerList = /^List<(.+)>$/.exec(inner);
    if (inner === 'String' || inner === 'CommaDelimitedList' || inner === 'List<String>' || AWS_SPECIFIC.has(inner)
      || (innerList && AWS_SPECIFIC.has(innerList[1]!))) {
      return { kind: 'SSM', valueType: inner };
    }
  }
  throw ValidationError(`Template format error: Unrecognized parameter type: ${type}`);
}
