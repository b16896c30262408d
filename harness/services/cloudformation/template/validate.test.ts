import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parse.js';
import { validateTemplate } from './validate.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html
describe('validateTemplate', () => {
  // Shape recorded against AWS: localstack tests/aws/services/cloudformation/api/test_templates.snapshot.json
  // "test_validate_template": Parameters [{Description, NoEcho: false, ParameterKey}] and nothing else.
  it('parameters only, as AWS returns them', () => {
    const t = parseTemplate([
      'Parameters:',
      '  KeyExample: {Type: String, Description: The EC2 Key Pair to allow SSH access to the instance}',
      'Resources:\n  B: {Type: AWS::S3::Bucket}',
      '',
    ].join('\n'));
    expect(validateTemplate(t)).toEqual({
      Parameters: [{ ParameterKey: 'KeyExample', NoEcho: false, Description: 'The EC2 Key Pair to allow SSH access to the instance' }],
    });
  });

  it('defaults, NoEcho and description', () => {
    const t = parseTemplate('Description: demo\nParameters:\n  P: {Type: Number, Default: 3, NoEcho: "true"}\nResources:\n  B: {Type: AWS::S3::Bucket}\n');
    expect(validateTemplate(t)).toEqual({ Description: 'demo', Parameters: [{ ParameterKey: 'P', DefaultValue: '3', NoEcho: true }] });
  });

  // CreateStack API reference, Capabilities: IAM resources need CAPABILITY_IAM; "If you have IAM resources with
  // custom names, you must specify CAPABILITY_NAMED_IAM". CapabilitiesReason wording as Eucalyptus' AWS-compatible
  // ValidateTemplate renders it.
  it('CAPABILITY_IAM for IAM resources', () => {
    const t = parseTemplate('Resources:\n  R: {Type: AWS::IAM::Role, Properties: {}}\n  P: {Type: AWS::IAM::Policy, Properties: {PolicyName: p}}\n');
    expect(validateTemplate(t)).toMatchObject({
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::Policy]',
    });
  });

  it.each(['AWS::IAM::Role:RoleName', 'AWS::IAM::User:UserName', 'AWS::IAM::ManagedPolicy:ManagedPolicyName', 'AWS::IAM::Group:GroupName'])(
    'CAPABILITY_NAMED_IAM for %s',
    (spec) => {
      const [type, prop] = [spec.slice(0, spec.lastIndexOf(':')), spec.slice(spec.lastIndexOf(':') + 1)];
      const t = parseTemplate(`Resources:\n  R: {Type: '${type}', Properties: {${prop}: custom}}\n`);
      expect(validateTemplate(t).Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    },
  );

  it('no capabilities for other resources; transforms declared', () => {
    expect(validateTemplate(parseTemplate('Resources:\n  B: {Type: AWS::S3::Bucket}\n')).Capabilities).toBeUndefined();
    const sam = validateTemplate(parseTemplate('Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {Type: AWS::Serverless::Function}\n'));
    expect(sam).toMatchObject({ Capabilities: ['CAPABILITY_AUTO_EXPAND'], DeclaredTransforms: ['AWS::Serverless-2016-10-31'] });
  });
});
