/**
 * The source artifact the hand-off moves: a zip like the one CodePipeline's S3 source produces, holding the
 * CloudFormation template the deploy action reads (`SourceArtifact::template.yaml`) and a static site the S3 deploy
 * action extracts.
 * The template's bucket has no BucketName: CloudFormation generates a lower-case one. A name made from the stack name
 * is invalid for a stack named in upper case (CDK Pipelines' Test-Service: S3 refuses InvalidBucketName).
 */
import { strToU8, zipSync } from 'fflate';

export const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: xacct sample application deployed across accounts
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-role'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
Outputs:
  SiteBucketName:
    Value: !Ref SiteBucket
`;

/**
 * A template CloudFormation accepts and that creates nothing: its one resource is conditioned out. What a stack made
 * from it proves is the call itself (iam:PassRole, the role's trust, the caller's cloudformation permissions).
 */
export const CREATES_NOTHING_TEMPLATE = JSON.stringify({
  Conditions: { Never: { 'Fn::Equals': ['xacct', 'nothing'] } },
  Resources: { Nothing: { Type: 'AWS::S3::Bucket', Condition: 'Never' } },
});

export const SITE_FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>xacct</title><h1>Deployed across accounts by xacct</h1>\n',
  'app.js': "console.log('hello from the target account');\n",
};

let zipped: Buffer | undefined;

/** The artifact's bytes (the same zip every time: fixed contents and timestamps); each caller gets its own copy. */
export function sourceArtifact(): Buffer {
  if (!zipped) {
    const files: Record<string, Uint8Array> = { 'template.yaml': strToU8(TEMPLATE) };
    for (const [name, body] of Object.entries(SITE_FILES)) files[name] = strToU8(body);
    zipped = Buffer.from(zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') }));
  }
  return Buffer.from(zipped);
}
