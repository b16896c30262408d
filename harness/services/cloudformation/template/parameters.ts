/**
 * Parameter values for one stack: the caller's values over the template's defaults, checked against the
 * declared constraints with CloudFormation's messages.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 *
 * Deviations: SSM parameter types are refused with an xacct message (no Parameter Store is emulated);
 * AWS-specific types are not checked against existing EC2 resources. AllowedPattern is matched by RE2 (linear
 * time), not Java's engine: a pattern with backreferences or lookaround is refused as not a valid expression.
 */
import { RE2JS } from 're2js';
import { ValidationError } from '../errors.js';
import { checkParameterType } from './parameter-types.js';
import type { ParameterDeclaration, Template, TemplateValue } from './types.js';

export interface ResolvedParameter {
  key: string;
  type: string;
  /** The value as CloudFormation stores and shows it (DescribeStacks, before NoEcho masking). */
  value: string;
  /** What Ref returns: a string, or a list for List<...>/CommaDelimitedList types. */
  resolved: string | string[];
  noEcho: boolean;
  usedDefault: boolean;
}

export function isNoEcho(decl: ParameterDeclaration): boolean {
  return decl.NoEcho === true || String(decl.NoEcho).toLowerCase() === 'true';
}

function asParameterString(v: TemplateValue): string {
  if (Array.isArray(v)) return v.map(asParameterString).join(',');
  return String(v);
}

/** Resolves every declared parameter, in template order. `given` holds ParameterKey → ParameterValue. */
export function resolveParameters(template: Template, given: Readonly<Record<string, string>>): ResolvedParameter[] {
  const declared = Object.entries(template.Parameters);
  const givenKeys = Object.keys(given);
  if (declared.length === 0 && givenKeys.length > 0) {
    throw ValidationError('Parameter values specified for a template which does not require them.');
  }
  // Own keys only: a parameter named `constructor` or `toString` must not find Object.prototype's member.
  const givenValue = (key: string): string | undefined => (Object.hasOwn(given, key) ? given[key] : undefined);
  const missing = declared.filter(([key, decl]) => givenValue(key) === undefined && decl.Default === undefined).map(([key]) => key);
  if (missing.length > 0) throw ValidationError(`Parameters: [${missing.join(', ')}] must have values`);
  const unknown = givenKeys.filter((key) => !Object.hasOwn(template.Parameters, key));
  if (unknown.length > 0) throw ValidationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);

  return declared.map(([key, decl]) => {
    const givenFor = givenValue(key);
    const usedDefault = givenFor === undefined;
    const value = usedDefault ? asParameterString(decl.Default!) : givenFor;
    const kind = checkParameterType(key, decl.Type);
    if (kind.kind === 'SSM') {
      throw ValidationError(
        `Parameter '${key}' has type ${decl.Type}: xacct does not emulate SSM Parameter Store, so its value cannot be resolved`,
      );
    }
    const members = kind.kind === 'List' ? value.split(',').map((m) => m.trim()) : [value];
    const memberType = kind.kind === 'List' ? kind.of : kind.kind;
    for (const member of members) checkConstraints(key, decl, member, memberType);
    return {
      key,
      type: decl.Type,
      value,
      resolved: kind.kind === 'List' ? members : value,
      noEcho: isNoEcho(decl),
      usedDefault,
    };
  });
}

function fmt(n: TemplateValue): string {
  return String(Number(n));
}

function checkConstraints(key: string, decl: ParameterDeclaration, value: string, type: 'String' | 'Number'): void {
  const fail = (reason: string): never => {
    if (decl.ConstraintDescription !== undefined) {
      throw ValidationError(`Parameter '${key}' failed to satisfy constraint: ${decl.ConstraintDescription}`);
    }
    throw ValidationError(reason);
  };
  if (decl.AllowedValues !== undefined && !decl.AllowedValues.map(asParameterString).includes(value)) {
    fail(`Parameter '${key}' must be one of AllowedValues`);
  }
  if (type === 'Number') {
    if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) fail(`Parameter '${key}' must be a number`);
    const n = Number(value);
    if (decl.MinValue !== undefined && n < Number(decl.MinValue)) {
      fail(`Parameter '${key}' must be a number not less than ${fmt(decl.MinValue)}`);
    }
    if (decl.MaxValue !== undefined && n > Number(decl.MaxValue)) {
      fail(`Parameter '${key}' must be a number not greater than ${fmt(decl.MaxValue)}`);
    }
    return;
  }
  if (decl.MinLength !== undefined && value.length < Number(decl.MinLength)) {
    fail(`Parameter '${key}' must contain at least ${fmt(decl.MinLength)} characters`);
  }
  if (decl.MaxLength !== undefined && value.length > Number(decl.MaxLength)) {
    fail(`Parameter '${key}' must contain at most ${fmt(decl.MaxLength)} characters`);
  }
  if (decl.AllowedPattern !== undefined) {
    // RE2 matches in linear time whatever the template says, so a hostile pattern cannot stall the emulator.
    let pattern: RE2JS;
    try {
      pattern = RE2JS.compile(`^(?:${decl.AllowedPattern})$`);
    } catch {
      throw ValidationError(`Parameter '${key}' AllowedPattern must be a valid regular expression.`);
    }
    if (!pattern.matches(value)) fail(`Parameter '${key}' must match pattern ${decl.AllowedPattern}`);
  }
}
