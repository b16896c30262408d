/**
 * The shape of a parsed CloudFormation template, after short-form YAML tags became their long forms.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 *
 * Values inside Properties/Outputs/Conditions stay as plain JSON (`TemplateValue`) with intrinsics in
 * their long form (`{ "Fn::Sub": ... }`, `{ "Ref": ... }`), exactly what GetTemplate's JSON view shows.
 */

export type TemplateValue = string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

export interface ParameterDeclaration {
  Type: string;
  Default?: TemplateValue;
  NoEcho?: boolean | string;
  AllowedValues?: TemplateValue[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface ResourceDeclaration {
  Type: string;
  Properties?: { [key: string]: TemplateValue };
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: TemplateValue;
  UpdateReplacePolicy?: TemplateValue;
  UpdatePolicy?: TemplateValue;
  CreationPolicy?: TemplateValue;
  Metadata?: TemplateValue;
}

export interface OutputDeclaration {
  Value: TemplateValue;
  Description?: TemplateValue;
  Condition?: string;
  Export?: { Name: TemplateValue };
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: TemplateValue;
  Transform?: TemplateValue;
  Parameters: Record<string, ParameterDeclaration>;
  Mappings: Record<string, Record<string, Record<string, TemplateValue>>>;
  Conditions: Record<string, TemplateValue>;
  Resources: Record<string, ResourceDeclaration>;
  Outputs: Record<string, OutputDeclaration>;
  Rules?: TemplateValue;
  Hooks?: TemplateValue;
}

/** Values CloudFormation gives the pseudo parameters of one stack. */
export interface PseudoParameters {
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  /** Defaults to the region's partition (aws, aws-cn, aws-us-gov). */
  partition?: string;
  notificationArns?: string[];
}
