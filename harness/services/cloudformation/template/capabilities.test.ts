/**
 * Which capabilities CreateStack/UpdateStack and change sets demand: CAPABILITY_AUTO_EXPAND for macros only when the
 * stack is deployed directly from the template, or when a change set's macros bring nested stacks; asked for alone
 * while the macros have not run; IAM and NAMED_IAM on the processed template's resources. Sources are cited in
 * capabilities.ts: API_CreateChangeSet.html's note, localstack/localstack#7718, `sam deploy` with nested
 * applications (aws/aws-toolkit-jetbrains#1394), and LocalStack's AWS-validated
 * test_template_engine.snapshot.json::TestMacros::test_capabilities_requirements.
 */
import { describe, expect, it } from 'vitest';
import { assertCapabilities } from './capabilities.js';
import { expectAwsError } from './expect-template-error.js';
import { parseTemplate } from './parse.js';

const SAM = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn: {Type: AWS::Serverless::Function, Properties: {Handler: index.handler}}\n';
const SAM_APP = `${SAM}  App: {Type: AWS::Serverless::Application, Properties: {Location: app.yaml}}\n`;
const INCLUDE_NESTED = [
  'Resources:',
  '  Child: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: "https://s3.amazonaws.com/b/child.yaml"}}',
  '  Bucket:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      Fn::Transform: {Name: AWS::Include, Parameters: {Location: "s3://b/props.yaml"}}',
  '',
].join('\n');
const PLAIN_NESTED = 'Resources:\n  Child: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: "https://s3.amazonaws.com/b/child.yaml"}}\n';
const ROLE = 'Resources:\n  R: {Type: AWS::IAM::Role, Properties: {RoleName: added}}\n';

const refusal = (missing: string) => ['InsufficientCapabilitiesException', 400, `Requires capabilities : [${missing}]`] as const;

describe('capabilities a deployment needs', () => {
  it('CreateStack/UpdateStack need CAPABILITY_AUTO_EXPAND for any macro, a Transform section or Fn::Transform', () => {
    expectAwsError(() => assertCapabilities(parseTemplate(SAM), []), ...refusal('CAPABILITY_AUTO_EXPAND'));
    expectAwsError(() => assertCapabilities(parseTemplate(INCLUDE_NESTED), ['CAPABILITY_IAM']), ...refusal('CAPABILITY_AUTO_EXPAND'));
    expect(() => assertCapabilities(parseTemplate(SAM), ['CAPABILITY_AUTO_EXPAND'])).not.toThrow();
  });

  it('a change set does not need it for macros alone, nor for nested stacks without macros', () => {
    expect(() => assertCapabilities(parseTemplate(SAM), [], { changeSet: true })).not.toThrow();
    expect(() => assertCapabilities(parseTemplate(PLAIN_NESTED), [], { changeSet: true })).not.toThrow();
    expect(() => assertCapabilities(parseTemplate(PLAIN_NESTED), [])).not.toThrow();
  });

  it('a change set needs it when its macros bring nested stacks', () => {
    expectAwsError(() => assertCapabilities(parseTemplate(SAM_APP), ['CAPABILITY_IAM'], { changeSet: true }), ...refusal('CAPABILITY_AUTO_EXPAND'));
    expectAwsError(() => assertCapabilities(parseTemplate(INCLUDE_NESTED), [], { changeSet: true }), ...refusal('CAPABILITY_AUTO_EXPAND'));
    expect(() => assertCapabilities(parseTemplate(SAM_APP), ['CAPABILITY_AUTO_EXPAND'], { changeSet: true })).not.toThrow();
  });

  it('asks for CAPABILITY_AUTO_EXPAND alone before the macros run, then for what the processed template holds', () => {
    const processed = parseTemplate(ROLE);
    expectAwsError(() => assertCapabilities(parseTemplate(SAM), [], { processed }), ...refusal('CAPABILITY_AUTO_EXPAND'));
    expectAwsError(() => assertCapabilities(parseTemplate(SAM), ['CAPABILITY_AUTO_EXPAND'], { processed }), ...refusal('CAPABILITY_NAMED_IAM'));
    expectAwsError(() => assertCapabilities(parseTemplate(SAM), [], { changeSet: true, processed }), ...refusal('CAPABILITY_NAMED_IAM'));
    expect(() => assertCapabilities(parseTemplate(SAM), ['CAPABILITY_AUTO_EXPAND', 'CAPABILITY_NAMED_IAM'], { processed })).not.toThrow();
  });
});
