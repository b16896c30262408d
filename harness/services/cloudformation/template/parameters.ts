/**
 * Parameter values for one stack: the caller's values over the template's defaults, checked against the
 * declared constraints with CloudFormation's messages.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 *
 * SSM parameter types (AWS::SSM::Parameter::Value<…>) take the value of the Parameter Store parameter they name, read
 * by the service beforehand (`ssm`: name → value); a name it could not read fails the call with AWS's
 * "Unable to fetch parameters [<name>] from parameter store for this account." (ValidationError, quoted from AWS in
 * CreateStack errors: "ValidationError: Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from parameter
 * store for this account. status code: 400").
 * Deviations: AWS-specific types are not checked against existing EC2 resources; several unreadable SSM names are
 * listed comma-separated (no recorded response shows more than one). AllowedPattern is matched by RE2 (linear
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

/**
 * Resolves every declared parameter, in template order. `given` holds ParameterKey → ParameterValue; `ssm` the values
 * of the Parameter Store parameters that SSM-typed parameters name (ssmParameterNames says which to read).
 */
export function resolveParameters(template: Template, given: Readonly<Record<string, string>>, ssm: ReadonlyMap<string, string> = new Map()): ResolvedParameter[] {
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

  const unreadable = ssmParameterNames(template, given).filter((name) => !ssm.has(name));
  if (unreadable.length > 0) throw ValidationError(`Unable to fetch parameters [${unreadable.join(',')}] from parameter store for this account.`);

  return declared.map(([key, decl]) => {
    const givenFor = givenValue(key);
    const usedDefault = givenFor === undefined;
    const value = usedDefault ? asParameterString(decl.Default!) : givenFor;
    const kind = checkParameterType(key, decl.Type);
    if (kind.kind === 'SSM') {
      const stored = ssm.get(value)!;
      const list = kind.valueType === 'CommaDelimitedList' || kind.valueType.startsWith('List<');
      return { key, type: decl.Type, value, resolved: list ? stored.split(',').map((m) => m.trim()) : stored, noEcho: isNoEcho(decl), usedDefault };
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

/** The Parameter Store names the SSM-typed parameters of a template name (given values over defaults). */
export function ssmParameterNames(template: Template, given: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const [key, decl] of Object.entries(template.Parameters)) {
    if (checkParameterType(key, decl.Type).kind !== 'SSM') continue;
    const value = Object.hasOwn(given, key) ? given[key] : decl.Default === undefined ? undefined : asParameterString(decl.Default);
    if (value !== undefined) names.add(value);
  }
  return [...names];
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
