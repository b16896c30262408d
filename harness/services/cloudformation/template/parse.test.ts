import { describe, expect, it } from 'vitest';
import { expectValidationError } from './expect-template-error.js';
import { parseTemplate } from './parse.js';

const bucket = '  B: {Type: AWS::S3::Bucket}\n';

describe('parseTemplate', () => {
  it('returns long forms and empty sections for what the template omits', () => {
    const t = parseTemplate(`Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Sub "\${AWS::StackName}-b"}\n`);
    expect(t.Resources.B).toEqual({ Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': '${AWS::StackName}-b' } } });
    expect(t.Parameters).toEqual({});
    expect(t.Conditions).toEqual({});
    expect(t.Outputs).toEqual({});
  });

  it('reads JSON templates', () => {
    const t = parseTemplate('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}, "Outputs": {"N": {"Value": {"Ref": "B"}}}}');
    expect(t.Outputs.N).toEqual({ Value: { Ref: 'B' } });
  });
});

describe('template format errors (CloudFormation wording)', () => {
  // localstack tests/aws/services/cloudformation/api/test_validations.snapshot.json, test_missing_resources_block
  // (recorded against AWS 31-05-2024); also mludvig/aws-ethereum-miner#7.
  it('no Resources', () => {
    expectValidationError(() => parseTemplate('Description: x\n'), 'Template format error: At least one Resources member must be defined.');
    expectValidationError(() => parseTemplate('Resources: {}\n'), 'Template format error: At least one Resources member must be defined.');
  });

  // Same snapshot, test_resources_blocks[missing-type].
  it('resource without Type', () => {
    expectValidationError(
      () => parseTemplate('Resources:\n  A: {Properties: {}}\n'),
      'Template format error: [/Resources/A] Every Resources object must contain a Type member.',
    );
  });

  // Same snapshot, test_resources_blocks[invalid-key].
  it('unknown resource attribute', () => {
    expectValidationError(() => parseTemplate('Resources:\n  A: {Type: AWS::S3::Bucket, Invalid: 1}\n'), "Invalid template resource property 'Invalid'");
  });

  // serverless/serverless#1443 quotes "Template format error: Every Resources member must be an object."
  it('resource that is not an object', () => {
    expectValidationError(() => parseTemplate('Resources:\n  A: text\n'), 'Template format error: Every Resources member must be an object.');
  });

  // Same snapshot, test_invalid_output_structure[none-value] and [multiple-nones].
  it("null values and outputs without Value", () => {
    expectValidationError(
      () => parseTemplate(`Resources:\n${bucket}Outputs:\n  MyOutput:\n    Value:\n`),
      "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates",
    );
    expectValidationError(
      () => parseTemplate(`Resources:\n${bucket}Outputs:\n  MyOutput:\n    Description: d\n`),
      'Template format error: Every Outputs member must contain a Value object',
    );
  });

  // AWS knowledge center "How do I resolve template validation or template format errors":
  // "Invalid template property or properties [XXXXXXXX]", "Unrecognized parameter type: XXXXXXXX",
  // "Invalid template parameter property 'XXXXXXXX'", "Every Condition member must be a string".
  // https://aws.amazon.com/premiumsupport/knowledge-center/cloudformation-template-validation/
  it('unknown top-level section', () => {
    expectValidationError(() => parseTemplate(`Resource:\n${bucket}Resources:\n${bucket}`), 'Invalid template property or properties [Resource]');
  });
  it('unknown parameter type and property', () => {
    expectValidationError(
      () => parseTemplate(`Parameters:\n  P: {Type: Strin}\nResources:\n${bucket}`),
      'Template format error: Unrecognized parameter type: Strin',
    );
    expectValidationError(
      () => parseTemplate(`Parameters:\n  P: {Type: String, Defualt: x}\nResources:\n${bucket}`),
      "Invalid template parameter property 'Defualt'",
    );
  });
  it('resource Condition that is not a string', () => {
    expectValidationError(
      () => parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket, Condition: [a]}\n'),
      'Template format error: Every Condition member must be a string.',
    );
  });
  it('accepts AWS-specific and SSM parameter types', () => {
    const t = parseTemplate(
      `Parameters:\n  V: {Type: 'AWS::EC2::VPC::Id'}\n  L: {Type: 'List<AWS::EC2::Subnet::Id>'}\n  S: {Type: 'AWS::SSM::Parameter::Value<String>'}\nResources:\n${bucket}`,
    );
    expect(Object.keys(t.Parameters)).toEqual(['V', 'L', 'S']);
  });

  // errors.jsonl E078: localstack tests/aws/services/cloudformation/engine/test_references.snapshot.json
  // test_useful_error_when_invalid_ref (recorded against AWS 28-05-2024).
  it('unresolved Ref, Sub variable and DependsOn in Resources', () => {
    const msg = (ids: string) => `Template format error: Unresolved resource dependencies [${ids}] in the Resources block of the template`;
    expectValidationError(() => parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref Nope}}\n'), msg('Nope'));
    expectValidationError(
      () => parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub "${Env}-${Other.Arn}"}}\n'),
      msg('Env, Other'),
    );
    expectValidationError(() => parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket, DependsOn: [Ghost]}\n'), msg('Ghost'));
  });

  // Same wording for Outputs: "Unresolved resource dependencies [X] in the Outputs block of the template"
  // (AWS knowledge center page above names both blocks).
  it('unresolved Ref in Outputs', () => {
    expectValidationError(
      () => parseTemplate(`Resources:\n${bucket}Outputs:\n  O: {Value: !Ref Prod}\n`),
      'Template format error: Unresolved resource dependencies [Prod] in the Outputs block of the template',
    );
  });

  // guardian/elk-stack#23, aws-quickstart/quickstart-cloud9-ide#20: "Template error: instance of Fn::GetAtt
  // references undefined resource X".
  it('GetAtt of an undefined resource', () => {
    expectValidationError(
      () => parseTemplate(`Resources:\n${bucket}Outputs:\n  O: {Value: !GetAtt Elb.DNSName}\n`),
      'Template error: instance of Fn::GetAtt references undefined resource Elb',
    );
  });

  // ittus/aws-lambda-vpc-nat-examples#28 quotes this wording.
  it('malformed GetAtt', () => {
    expectValidationError(
      () => parseTemplate(`Resources:\n${bucket}Outputs:\n  O: {Value: {"Fn::GetAtt": [B]}}\n`),
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    );
  });

  // A serverless deploy log quoting CloudFormation (public code corpus, "Encountered unsupported function:
  // fn::GetAtt Supported functions are: [...]"); also the Fn::Ref case reported in the same corpus.
  it('unknown intrinsic function', () => {
    expectValidationError(
      () => parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: {"Fn::Ref": X}}}\n'),
      'Template Error: Encountered unsupported function: Fn::Ref Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr]',
    );
  });

  // Eucalyptus' CloudFormation (which mirrors AWS's messages) and the AWS behaviour that conditions may use
  // only parameters: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
  it('conditions that reference resources', () => {
    expectValidationError(
      () => parseTemplate(`Conditions:\n  C: !Equals [!Ref B, x]\nResources:\n${bucket}`),
      'Template format error: Unresolved dependencies [B]. Cannot reference resources in the Conditions block of the template',
    );
  });

  // Wording not recorded from AWS (see README, known deviations).
  it('Fn::If naming an undefined condition', () => {
    expectValidationError(
      () => parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: !If [Nope, a, b]}}\n'),
      'Template error: unresolved condition dependency Nope in Fn::If',
    );
  });

  // "Template validation error: Circular dependency between resources: [minielkESEC2Instance]" and
  // "Circular dependency between resources: [VideosBucket, QueuePolicy]" quoted in public repositories;
  // the Amplify report "Circular dependency between resources: [storage0EC3F24A, auth179371D7, ...]".
  it('circular dependency', () => {
    expectValidationError(
      () => parseTemplate([
        'Resources:',
        '  A: {Type: AWS::S3::Bucket, Properties: {BucketName: !GetAtt C.Arn}}',
        '  B: {Type: AWS::S3::Bucket, DependsOn: A}',
        '  C: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub "${A}"}}',
        '  D: {Type: AWS::S3::Bucket}',
      ].join('\n')),
      'Circular dependency between resources: [A, B, C]',
    );
    expectValidationError(
      () => parseTemplate('Resources:\n  A: {Type: AWS::S3::Bucket, DependsOn: A}\n'),
      'Circular dependency between resources: [A]',
    );
  });
});
