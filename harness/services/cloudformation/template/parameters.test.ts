import { describe, expect, it } from 'vitest';
import { expectValidationError } from './expect-template-error.js';
import { resolveParameters, ssmParameterNames } from './parameters.js';
import { parseTemplate } from './parse.js';

function params(decls: string, given: Record<string, string> = {}) {
  return resolveParameters(parseTemplate(`Parameters:\n${decls}Resources:\n  B: {Type: AWS::S3::Bucket}\n`), given);
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
describe('parameter values', () => {
  it('given values win over defaults; lists are split and trimmed; NoEcho kept', () => {
    const resolved = params([
      '  Env: {Type: String, Default: dev}',
      '  Count: {Type: Number, Default: 2}',
      "  Subnets: {Type: CommaDelimitedList, Default: 'a, b ,c'}",
      "  Ports: {Type: 'List<Number>', Default: '80,443'}",
      "  Vpc: {Type: 'AWS::EC2::VPC::Id'}",
      "  Azs: {Type: 'List<AWS::EC2::AvailabilityZone::Name>'}",
      '  Secret: {Type: String, NoEcho: true}',
      '',
    ].join('\n'), { Env: 'prod', Vpc: 'vpc-1', Azs: 'eu-west-1a,eu-west-1b', Secret: 's3cr3t' });
    expect(resolved.map((p) => [p.key, p.resolved, p.noEcho, p.usedDefault])).toEqual([
      ['Env', 'prod', false, false],
      ['Count', '2', false, true],
      ['Subnets', ['a', 'b', 'c'], false, true],
      ['Ports', ['80', '443'], false, true],
      ['Vpc', 'vpc-1', false, false],
      ['Azs', ['eu-west-1a', 'eu-west-1b'], false, false],
      ['Secret', 's3cr3t', true, false],
    ]);
  });
});

describe('parameter errors (CloudFormation wording)', () => {
  // boto/botocore#2598 "Parameters: [EnvironmentName] must have values"; sat-utils/sat-api#25 lists several.
  it('missing values', () => {
    expectValidationError(() => params('  A: {Type: String}\n  B: {Type: String, Default: x}\n  C: {Type: Number}\n'), 'Parameters: [A, C] must have values');
  });

  // buildkite/elastic-ci-stack-for-aws#2 "Parameters: [NotificationEmail] do not exist in the template".
  it('unknown parameter', () => {
    expectValidationError(() => params('  A: {Type: String, Default: x}\n', { NotificationEmail: 'a@b' }), 'Parameters: [NotificationEmail] do not exist in the template');
  });

  // Same wording for names Object.prototype has (issue 13): only the template's own parameters exist.
  it('unknown parameter named like an Object.prototype member', () => {
    expectValidationError(() => params('  A: {Type: String, Default: x}\n', { constructor: 'a', toString: 'b' }), 'Parameters: [constructor, toString] do not exist in the template');
  });

  it('a parameter named constructor takes its default, not an inherited value', () => {
    expect(params('  constructor: {Type: String, Default: d}\n').map((p) => [p.key, p.resolved, p.usedDefault])).toEqual([['constructor', 'd', true]]);
  });

  // aws/aws-toolkit-azure-devops#75.
  it('values for a template without parameters', () => {
    expectValidationError(
      () => resolveParameters(parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket}\n'), { X: '1' }),
      'Parameter values specified for a template which does not require them.',
    );
  });

  // Practitioner reports of CreateChangeSet/CreateStack errors: "Parameter 'Environment' must be one of
  // AllowedValues"; aws/aws-connected-device-framework#183 "Parameter 'Tester' must match pattern ...";
  // aws-cloudformation/cloudformation-coverage-roadmap#930 "Parameter 'XYZ' must contain at least N characters";
  // openshift rosa report "Parameter 'AvailabilityZoneCount' must be a number not less than 1".
  it('AllowedValues', () => {
    expectValidationError(() => params('  Env: {Type: String, AllowedValues: [dev, prod]}\n', { Env: 'test' }), "Parameter 'Env' must be one of AllowedValues");
  });
  it('AllowedValues on each list member', () => {
    expectValidationError(() => params('  L: {Type: CommaDelimitedList, AllowedValues: [a, b]}\n', { L: 'a,c' }), "Parameter 'L' must be one of AllowedValues");
  });
  it('AllowedPattern cannot stall the emulator: a catastrophic pattern is matched in linear time (issue 13)', () => {
    // Under a backtracking engine `(a+)+b` against 40 a's and a c takes minutes; RE2 answers at once.
    expectValidationError(
      () => params("  T: {Type: String, AllowedPattern: '(a+)+b'}\n", { T: `${'a'.repeat(40)}c` }),
      "Parameter 'T' must match pattern (a+)+b",
    );
  });

  it('AllowedPattern matches the whole value', () => {
    expectValidationError(() => params("  T: {Type: String, AllowedPattern: '[a-z]+'}\n", { T: 'abc1' }), "Parameter 'T' must match pattern [a-z]+");
    expect(params("  T: {Type: String, AllowedPattern: '[a-z]+'}\n", { T: 'abc' })[0]!.value).toBe('abc');
  });
  it('MinLength / MaxLength', () => {
    expectValidationError(() => params('  P: {Type: String, MinLength: 8}\n', { P: 'short' }), "Parameter 'P' must contain at least 8 characters");
    expectValidationError(() => params('  P: {Type: String, MaxLength: 3}\n', { P: 'long' }), "Parameter 'P' must contain at most 3 characters");
  });
  it('Number, MinValue / MaxValue', () => {
    expectValidationError(() => params('  N: {Type: Number}\n', { N: 'two' }), "Parameter 'N' must be a number");
    expectValidationError(() => params('  N: {Type: Number, MinValue: 1}\n', { N: '0' }), "Parameter 'N' must be a number not less than 1");
    expectValidationError(() => params('  N: {Type: Number, MaxValue: 3}\n', { N: '4' }), "Parameter 'N' must be a number not greater than 3");
    expectValidationError(() => params("  N: {Type: 'List<Number>'}\n", { N: '1,x' }), "Parameter 'N' must be a number");
  });
  // awslabs/aws-config-engine-for-compliance-as-code#12: a ConstraintDescription replaces the reason
  // ("... failed to satisfy constraint: Enter the name not the ARN ...").
  it('ConstraintDescription replaces the reason', () => {
    expectValidationError(
      () => params("  B: {Type: String, AllowedPattern: '[a-z-]+', ConstraintDescription: Enter the bucket name}\n", { B: 'arn:aws:s3:::x' }),
      "Parameter 'B' failed to satisfy constraint: Enter the bucket name",
    );
  });
  // AWS's words for a name Parameter Store does not hold, quoted from a CreateStack refusal: "ValidationError: Unable to
  // fetch parameters [/cdk-bootstrap/hnb659fds/version] from parameter store for this account. status code: 400".
  it('SSM parameter types take the value Parameter Store holds for the name, or fail as AWS fails them', () => {
    const decls = [
      "  Ami: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/ami}",
      "  Subnets: {Type: 'AWS::SSM::Parameter::Value<CommaDelimitedList>'}",
      "  Zones: {Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: /app/zones}",
      '',
    ].join('\n');
    const tmpl = parseTemplate(`Parameters:\n${decls}Resources:\n  B: {Type: AWS::S3::Bucket}\n`);
    const ssm = new Map([['/app/ami', 'ami-123'], ['/net/subnets', 'subnet-1, subnet-2'], ['/app/zones', 'a,b']]);
    const resolved = resolveParameters(tmpl, { Subnets: '/net/subnets' }, ssm);
    expect(resolved.map((p) => [p.key, p.value, p.resolved])).toEqual([
      ['Ami', '/app/ami', 'ami-123'],
      ['Subnets', '/net/subnets', ['subnet-1', 'subnet-2']],
      ['Zones', '/app/zones', ['a', 'b']],
    ]);
    expect(ssmParameterNames(tmpl, { Subnets: '/net/subnets' })).toEqual(['/app/ami', '/net/subnets', '/app/zones']);
    expectValidationError(
      () => params("  Ami: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/ami}\n"),
      'Unable to fetch parameters [/app/ami] from parameter store for this account.',
    );
  });
});
