import { describe, expect, it } from 'vitest';
import { expectAwsError, expectValidationError } from './expect-template-error.js';
import { parseTemplate } from './parse.js';
import { prepareStack, type ResourceResolver } from './prepare.js';

const pseudo = {
  accountId: '111111111111',
  region: 'eu-west-1',
  stackName: 'app',
  stackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/app/0a1b2c3d',
};

const resolver: ResourceResolver = {
  ref: (id) => `phys-${id}`,
  getAtt: (id, attr) => `${id}.${attr}`,
};

function props(body: string, parameters: Record<string, string> = {}, exports: Record<string, string> = {}) {
  const stack = prepareStack(parseTemplate(body), { parameters, pseudo, importValue: (n) => exports[n] });
  return stack.resolveProperties('R', resolver);
}

function resource(properties: string, extra = ''): string {
  return `${extra}Resources:\n  Other: {Type: AWS::S3::Bucket}\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n${properties}`;
}

// Intrinsic function reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
describe('intrinsics in resource properties', () => {
  it('Ref: parameters, pseudo parameters, resources', () => {
    expect(props(resource([
      '      P: !Ref Env',
      '      A: !Ref AWS::AccountId',
      '      Rg: !Ref AWS::Region',
      '      S: !Ref AWS::StackName',
      '      I: !Ref AWS::StackId',
      '      Pt: !Ref AWS::Partition',
      '      U: !Ref AWS::URLSuffix',
      '      N: !Ref AWS::NotificationARNs',
      '      O: !Ref Other',
      '',
    ].join('\n'), 'Parameters:\n  Env: {Type: String, Default: dev}\n'))).toEqual({
      P: 'dev', A: '111111111111', Rg: 'eu-west-1', S: 'app', I: pseudo.stackId, Pt: 'aws', U: 'amazonaws.com', N: [], O: 'phys-Other',
    });
  });

  it('AWS::NoValue removes properties and list items', () => {
    expect(props(resource('      A: !Ref AWS::NoValue\n      L: [a, !Ref AWS::NoValue, b]\n      K: keep\n'))).toEqual({ L: ['a', 'b'], K: 'keep' });
  });

  it('Fn::GetAtt, both forms, with a computed attribute', () => {
    expect(props(resource('      A: !GetAtt Other.Arn\n      B: {"Fn::GetAtt": [Other, !Ref Attr]}\n', 'Parameters:\n  Attr: {Type: String, Default: DomainName}\n')))
      .toEqual({ A: 'Other.Arn', B: 'Other.DomainName' });
  });

  it('Fn::Sub: pseudo, parameters, resources, attributes, literals, variable maps', () => {
    expect(props(resource([
      '      A: !Sub "arn:${AWS::Partition}:s3:::${Other}/${Env}/*"',
      '      B: !Sub "${Other.Arn}|${!Literal}|${ AWS::Region }"',
      '      C: !Sub ["${X}-${Y}", {X: !Ref Env, Y: !GetAtt Other.Arn}]',
      '',
    ].join('\n'), 'Parameters:\n  Env: {Type: String, Default: dev}\n'))).toEqual({
      A: 'arn:aws:s3:::phys-Other/dev/*', B: 'Other.Arn|${Literal}|eu-west-1', C: 'dev-Other.Arn',
    });
  });

  it('Fn::Join, Fn::Select, Fn::Split, Fn::GetAZs, Fn::Base64, Fn::Cidr', () => {
    expect(props(resource([
      '      J: !Join [":", [a, !Ref Other, 3]]',
      '      JL: !Join [",", !Ref Subnets]',
      '      S: !Select [1, !Split [",", "x,y,z"]]',
      '      SL: !Select ["0", !Ref Subnets]',
      '      Z: !GetAZs ""',
      '      Z2: !Select [2, !GetAZs {Ref: "AWS::Region"}]',
      '      B: !Base64 "#!/bin/bash"',
      '      C: !Cidr ["10.0.0.0/16", 3, 8]',
      '',
    ].join('\n'), "Parameters:\n  Subnets: {Type: CommaDelimitedList, Default: 'sa, sb'}\n"))).toEqual({
      J: 'a:phys-Other:3', JL: 'sa,sb', S: 'y', SL: 'sa', Z: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], Z2: 'eu-west-1c',
      B: 'IyEvYmluL2Jhc2g=', C: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
    });
  });

  it('Fn::FindInMap with computed keys', () => {
    const mappings = 'Mappings:\n  M:\n    eu-west-1: {Ami: ami-eu, List: [a, b]}\n';
    expect(props(resource('      A: !FindInMap [M, !Ref "AWS::Region", Ami]\n      L: !FindInMap [M, eu-west-1, List]\n', mappings)))
      .toEqual({ A: 'ami-eu', L: ['a', 'b'] });
  });

  it('Fn::ImportValue through the exports callback', () => {
    expect(props(resource('      A: !ImportValue {"Fn::Sub": "${AWS::Region}-key"}\n'), {}, { 'eu-west-1-key': 'arn:aws:kms:k' }))
      .toEqual({ A: 'arn:aws:kms:k' });
  });

  it('Fn::If with conditions built from Equals/And/Or/Not/Condition', () => {
    const conditions = [
      'Parameters:',
      '  Env: {Type: String, Default: prod}',
      '  Count: {Type: Number, Default: 1}',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  OneCopy: !Equals [!Ref Count, 1]',
      '  Both: !And [!Condition IsProd, !Condition OneCopy]',
      '  Either: !Or [!Not [!Condition IsProd], !Condition OneCopy]',
      '  Neither: !Not [!Condition Either]',
      '',
    ].join('\n');
    const body = resource('      A: !If [Both, yes, no]\n      B: !If [Neither, yes, !Ref AWS::NoValue]\n', conditions);
    const stack = prepareStack(parseTemplate(body), { pseudo });
    expect(stack.conditions).toEqual({ IsProd: true, OneCopy: true, Both: true, Either: true, Neither: false });
    expect(stack.resolveProperties('R', resolver)).toEqual({ A: 'yes' });
  });
});

describe('evaluation errors (CloudFormation wording)', () => {
  // AWS docs (EC2 tutorial "Troubleshoot AMI mapping errors") and Elastic Beanstalk release notes quote
  // "Template error: Unable to get mapping for AWSRegionArch2AMI::[region]::HVM64".
  it('FindInMap with a missing key', () => {
    expectValidationError(
      () => props(resource('      A: !FindInMap [M, !Ref "AWS::Region", Ami]\n', 'Mappings:\n  M:\n    us-east-1: {Ami: a}\n')),
      'Template error: Unable to get mapping for M::eu-west-1::Ami',
    );
  });

  it('FindInMap with a missing map', () => {
    expectValidationError(
      () => props(resource('      A: !FindInMap [Nope, a, b]\n')),
      "Template error: Mapping named 'Nope' is not present in the 'Mappings' section of template.",
    );
  });

  // The Select/Sub wordings below are not recorded from AWS (see README, known deviations); the Join wording is AWS's
  // (aws/aws-sam-cli#2887, cloudtools/troposphere#1469), the Split wording too (LocalStack's AWS-validated
  // test_change_set_fn_split.snapshot.json, test_validate_split_arguments_len).
  it('Select out of range', () => {
    expectValidationError(() => props(resource('      A: !Select [5, [a, b]]\n')), 'Template error: Fn::Select cannot select nonexistent value at index 5');
  });

  it('Join without a list', () => {
    expectValidationError(
      () => props(resource('      A: !Join [",", x]\n')),
      'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    );
  });

  // A Ref is typed by its parameter's declared type before any resource is created (template/list-arguments.ts):
  // Fn::Split of a list parameter fails with the Split wording (aws-cloudformation/cfn-language-discussion#106,
  // awslabs/goformation#282); Fn::Join of a String parameter with the Join wording (the same rule, in doubt).
  it('a Ref to a String parameter as Fn::Join\'s list fails before any resource, only where its condition holds', () => {
    const body = [
      'Parameters:',
      '  Ids: {Type: String}',
      '  List: {Type: CommaDelimitedList, Default: "a,b"}',
      'Conditions:',
      '  On: !Equals [!Ref Ids, on]',
      'Resources:',
      '  R:',
      '    Type: AWS::S3::Bucket',
      '    Condition: On',
      '    Properties:',
      '      Tags: [{Key: k, Value: !Join [",", [!Ref AWS::AccountId, !Join [",", !Ref Ids]]]}]',
      '  S:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !If [On, !Join [",", !Ref Ids], !Join [",", !Ref List]]',
      '',
    ].join('\n');
    const prepare = (ids: string) => prepareStack(parseTemplate(body), { parameters: { Ids: ids }, pseudo });
    expectValidationError(() => prepare('on'), 'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.');
    // Condition false: R is not created and S takes the branch joining the list parameter.
    expect(prepare('off').resolveProperties('S', resolver)).toEqual({ BucketName: 'a,b' });
  });

  it('a Ref to a list parameter as Fn::Split\'s string fails before any resource', () => {
    expectValidationError(
      () => prepareStack(parseTemplate(resource('      A: !Split [",", !Ref L]\n', 'Parameters:\n  L: {Type: CommaDelimitedList, Default: "a,b"}\n')), { pseudo }),
      'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
    );
  });

  it('Sub variable with characters CloudFormation forbids', () => {
    expectValidationError(
      () => parseTemplate(resource('      A: !Sub \'{"k": "${a b}"}\'\n')),
      'Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons',
    );
  });

  // aws-cloudformation/aws-cloudformation-templates#263: "No export named production:ECSTaskExecutionRole found."
  it('ImportValue of a missing export', () => {
    expectValidationError(() => props(resource('      A: !ImportValue shared:Role\n')), 'No export named shared:Role found');
  });

  // errors.jsonl E078 wording, for a reference to a resource its condition left out.
  it('Ref to a resource its condition removed', () => {
    const body = [
      'Parameters:\n  Env: {Type: String, Default: dev}',
      'Conditions:\n  IsProd: !Equals [!Ref Env, prod]',
      'Resources:',
      '  Other: {Type: AWS::S3::Bucket, Condition: IsProd}',
      '  R: {Type: AWS::S3::Bucket, Properties: {A: !Ref Other}}',
      '',
    ].join('\n');
    const stack = prepareStack(parseTemplate(body), { pseudo });
    expect(stack.creationOrder).toEqual(['R']);
    expectValidationError(
      () => stack.resolveProperties('R', resolver),
      'Template format error: Unresolved resource dependencies [Other] in the Resources block of the template',
    );
  });

  // errors.jsonl E079 shape "Requires capabilities : [CAPABILITY_AUTO_EXPAND]" (localstack snapshot
  // test_template_engine.snapshot.json TestMacros::test_capabilities_requirements, recorded against AWS).
  it('missing capabilities', () => {
    const body = 'Resources:\n  R: {Type: AWS::IAM::Role, Properties: {RoleName: deploy}}\n';
    expectAwsError(() => prepareStack(parseTemplate(body), { pseudo, capabilities: [] }), 'InsufficientCapabilitiesException', 400,
      'Requires capabilities : [CAPABILITY_NAMED_IAM]');
    expectAwsError(() => prepareStack(parseTemplate(body), { pseudo, capabilities: ['CAPABILITY_IAM'] }), 'InsufficientCapabilitiesException', 400,
      'Requires capabilities : [CAPABILITY_NAMED_IAM]');
    expect(() => prepareStack(parseTemplate(body), { pseudo, capabilities: ['CAPABILITY_NAMED_IAM'] })).not.toThrow();
    const unnamed = 'Resources:\n  R: {Type: AWS::IAM::Role, Properties: {}}\n';
    expect(() => prepareStack(parseTemplate(unnamed), { pseudo, capabilities: ['CAPABILITY_NAMED_IAM'] })).not.toThrow();
  });
});

describe('order and outputs', () => {
  const body = [
    'Parameters:\n  Env: {Type: String, Default: prod}',
    'Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Not [!Condition IsProd]',
    'Resources:',
    '  Policy: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref Bucket}}',
    '  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub "${Key.Arn}"}}',
    '  Key: {Type: AWS::KMS::Key}',
    '  Alias: {Type: AWS::KMS::Alias, DependsOn: [Key], Properties: {AliasName: alias/x}}',
    '  DevOnly: {Type: AWS::S3::Bucket, Condition: IsDev}',
    'Outputs:',
    '  BucketName: {Value: !Ref Bucket, Export: {Name: !Sub "${AWS::StackName}-bucket"}, Description: the bucket}',
    '  Azs: {Value: !GetAZs ""}',
    '  Dev: {Value: !Ref DevOnly, Condition: IsDev}',
    '',
  ].join('\n');

  it('creation order follows Ref/GetAtt/Sub/DependsOn; deletion is its reverse; conditions filter', () => {
    const stack = prepareStack(parseTemplate(body), { pseudo });
    expect(stack.creationOrder).toEqual(['Key', 'Bucket', 'Policy', 'Alias']);
    expect(stack.deletionOrder).toEqual(['Alias', 'Policy', 'Bucket', 'Key']);
    expect(stack.resources.map((r) => [r.logicalId, r.type, r.dependsOn])).toEqual([
      ['Key', 'AWS::KMS::Key', []],
      ['Bucket', 'AWS::S3::Bucket', ['Key']],
      ['Policy', 'AWS::S3::BucketPolicy', ['Bucket']],
      ['Alias', 'AWS::KMS::Alias', ['Key']],
    ]);
  });

  it('outputs with export names; lists joined with commas; conditional outputs skipped', () => {
    const stack = prepareStack(parseTemplate(body), { pseudo });
    expect(stack.resolveOutputs(resolver)).toEqual([
      { OutputKey: 'BucketName', OutputValue: 'phys-Bucket', Description: 'the bucket', ExportName: 'app-bucket' },
      { OutputKey: 'Azs', OutputValue: 'eu-west-1a,eu-west-1b,eu-west-1c' },
    ]);
  });

  it('partition and URL suffix follow the region', () => {
    const stack = prepareStack(parseTemplate('Resources:\n  R: {Type: AWS::S3::Bucket, Properties: {A: !Sub "${AWS::Partition} ${AWS::URLSuffix}"}}\n'),
      { pseudo: { ...pseudo, region: 'cn-north-1' } });
    expect(stack.resolveProperties('R', resolver)).toEqual({ A: 'aws-cn amazonaws.com.cn' });
  });
});
