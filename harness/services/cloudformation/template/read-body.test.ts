import { describe, expect, it } from 'vitest';
import { expectValidationError } from './expect-template-error.js';
import { readTemplateBody } from './read-body.js';

// Short forms → long forms, per the intrinsic function reference:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
describe('YAML short-form tags', () => {
  const cases: Array<[string, unknown]> = [
    ['!Ref Bucket', { Ref: 'Bucket' }],
    ['!Sub "arn:${AWS::Partition}:s3:::${Bucket}"', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' }],
    ['!Sub ["${A}-x", {A: !Ref P}]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'P' } }] }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!Join [":", [a, b]]', { 'Fn::Join': [':', ['a', 'b']] }],
    ['!If [C, a, !Ref "AWS::NoValue"]', { 'Fn::If': ['C', 'a', { Ref: 'AWS::NoValue' }] }],
    ['!Equals [!Ref P, x]', { 'Fn::Equals': [{ Ref: 'P' }, 'x'] }],
    ['!Not [!Condition C]', { 'Fn::Not': [{ Condition: 'C' }] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!FindInMap [M, !Ref "AWS::Region", Ami]', { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!ImportValue shared-bucket', { 'Fn::ImportValue': 'shared-bucket' }],
    ['!ImportValue {"Fn::Sub": "${P}-x"}', { 'Fn::ImportValue': { 'Fn::Sub': '${P}-x' } }],
    ['!GetAZs', { 'Fn::GetAZs': '' }],
    ['!Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!Cidr ["10.0.0.0/16", 2, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
  ];
  it.each(cases)('%s', (yaml, expected) => {
    expect(readTemplateBody(`V: ${yaml}\n`)).toEqual({ V: expected });
  });

  it('keeps block-style nested tags and aliases', () => {
    const body = 'A: &x !Join\n  - ""\n  - - !Ref P\n    - "-s"\nB: *x\n';
    const join = { 'Fn::Join': ['', [{ Ref: 'P' }, '-s']] };
    expect(readTemplateBody(body)).toEqual({ A: join, B: join });
  });

  it('reads an unquoted template version as the string CloudFormation expects', () => {
    expect(readTemplateBody('AWSTemplateFormatVersion: 2010-09-09\n')).toEqual({ AWSTemplateFormatVersion: '2010-09-09' });
  });

  // Duplicate keys are accepted, last wins (errors.jsonl E101 notes, go-to-k/cdk-real-drift#1074).
  it('accepts duplicate keys, last one wins', () => {
    expect(readTemplateBody('A: 1\nA: 2\n')).toEqual({ A: 2 });
  });
});

describe('malformed bodies', () => {
  // errors.jsonl E101: localstack test_templates.snapshot.json "create-invalid-yaml", recorded against AWS.
  it('YAML not well-formed', () => {
    expectValidationError(() => readTemplateBody('Resources:\n  A: [unclosed\n'), 'Template format error: YAML not well-formed.');
  });

  it('an unknown short-form tag is not well-formed YAML for CloudFormation', () => {
    expectValidationError(() => readTemplateBody('A: !NotAFunction x\n'), 'Template format error: YAML not well-formed.');
  });

  // localstack tests/aws/services/cloudformation/api/test_templates.snapshot.json
  // "test_validate_invalid_json_template_should_fail": "Template format error: JSON not well-formed. (line 1, column 25)".
  it('JSON not well-formed, with line and column', () => {
    expectValidationError(
      () => readTemplateBody('{"Resources": {"A": {}},\n  "x": }'),
      'Template format error: JSON not well-formed. (line 2, column 8)',
    );
  });
});
