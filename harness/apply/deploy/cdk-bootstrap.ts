/**
 * `cdk bootstrap aws://ACCOUNT/REGION --trust <pipeline account> --cloudformation-execution-policies <policy>` in one
 * environment: the CDKToolkit stack deployed through CloudFormation by the account's administrator, as the CDK CLI
 * deploys its bootstrap template (https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html).
 * What is modelled, from the modern bootstrap template (aws/aws-cdk-cli
 * packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml, version 26, read through the search tool; not installed
 * here: aws-cdk-lib does not ship it), with the default qualifier hnb659fds:
 * - the assets bucket cdk-hnb659fds-assets-ACCOUNT-REGION: private, versioned, public access blocked, encrypted with
 *   SSE-KMS under the AWS managed key (the CLI's default, FileAssetsBucketKmsKeyId=AWS_MANAGED_KEY), and its policy
 *   denying every request not made over TLS (AllowSSLRequestsOnly);
 * - cdk-hnb659fds-file-publishing-role-…: trusts the account and each --trust account (sts:AssumeRole; sts:TagSession
 *   by the account), may read and write the assets bucket of its own account (aws:ResourceAccount);
 * - cdk-hnb659fds-lookup-role-…: trusts the account and the --trust(-for-lookup) accounts, ReadOnlyAccess, no
 *   kms:Decrypt;
 * - cdk-hnb659fds-deploy-role-…: trusts the account and each --trust account; may make and execute change sets,
 *   read and write artifact buckets of other accounts (s3:ResourceAccount not this one), use keys through S3
 *   (kms:ViaService s3.REGION.amazonaws.com), pass the execution role, read the assets bucket and the version
 *   parameter;
 * - cdk-hnb659fds-cfn-exec-role-…: trusted by cloudformation.amazonaws.com, with the --cloudformation-execution-policies
 *   (the CLI refuses --trust without them; xacct passes AdministratorAccess, the policy the CDK Pipelines guide uses);
 * - the SSM parameter /cdk-bootstrap/hnb659fds/version (26), which CDK stacks' BootstrapVersion parameter reads.
 * Left out: the container assets ECR repository and the image-publishing role (xacct does not emulate ECR), the
 * customer-managed assets key (only with --bootstrap-customer-key), the permissions boundary, and the bucket's
 * lifecycle rules (AWS::S3::Bucket LifecycleConfiguration is not modelled by xacct's CloudFormation).
 */
import { deployStack } from './deploy-stack.js';
import type { Identities } from './identity.js';
import type { BootstrapStep } from './types.js';

export const QUALIFIER = 'hnb659fds';
export const BOOTSTRAP_VERSION = '26';
export const TOOLKIT_STACK = 'CDKToolkit';
export const DEFAULT_EXECUTION_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

const sub = (s: string) => ({ 'Fn::Sub': s });
const ifTrusted = (condition: string, parameter: string) => ({
  'Fn::If': [condition, { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { Ref: parameter } } }, { Ref: 'AWS::NoValue' }],
});
/** The trust of the bootstrap's roles that the account and the trusted accounts assume. */
const trust = (...extra: object[]) => ({
  Version: '2012-10-17',
  Statement: [
    { Action: 'sts:TagSession', Effect: 'Allow', Principal: { AWS: { Ref: 'AWS::AccountId' } } },
    { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { Ref: 'AWS::AccountId' } } },
    ...extra,
  ],
});
const notEmpty = (parameter: string) => ({ 'Fn::Not': [{ 'Fn::Equals': ['', { 'Fn::Join': ['', { Ref: parameter }] }] }] });
const role = (kind: string) => sub(`cdk-\${Qualifier}-${kind}-\${AWS::AccountId}-\${AWS::Region}`);

/** The modelled bootstrap template (see the header for what it holds and leaves out). */
export function bootstrapTemplate(): Record<string, unknown> {
  return {
    Description: 'This stack includes resources needed to deploy AWS CDK apps into this environment',
    Parameters: {
      TrustedAccounts: { Type: 'CommaDelimitedList', Default: '' },
      TrustedAccountsForLookup: { Type: 'CommaDelimitedList', Default: '' },
      CloudFormationExecutionPolicies: { Type: 'CommaDelimitedList', Default: '' },
      Qualifier: { Type: 'String', Default: QUALIFIER, AllowedPattern: '[A-Za-z0-9_-]{1,10}' },
    },
    Conditions: {
      HasTrustedAccounts: notEmpty('TrustedAccounts'),
      HasTrustedAccountsForLookup: notEmpty('TrustedAccountsForLookup'),
      HasCloudFormationExecutionPolicies: notEmpty('CloudFormationExecutionPolicies'),
    },
    Resources: {
      StagingBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: sub('cdk-${Qualifier}-assets-${AWS::AccountId}-${AWS::Region}'),
          AccessControl: 'Private',
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          VersioningConfiguration: { Status: 'Enabled' },
        },
        UpdateReplacePolicy: 'Retain',
        DeletionPolicy: 'Retain',
      },
      StagingBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'StagingBucket' },
          PolicyDocument: {
            Id: 'AccessControl',
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowSSLRequestsOnly',
                Action: 's3:*',
                Effect: 'Deny',
                Resource: [sub('${StagingBucket.Arn}'), sub('${StagingBucket.Arn}/*')],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                Principal: '*',
              },
            ],
          },
        },
      },
      FilePublishingRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust(ifTrusted('HasTrustedAccounts', 'TrustedAccounts')),
          RoleName: role('file-publishing-role'),
          Tags: [{ Key: 'aws-cdk:bootstrap-role', Value: 'file-publishing' }],
        },
      },
      FilePublishingRoleDefaultPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Action: ['s3:GetObject*', 's3:GetBucket*', 's3:GetEncryptionConfiguration', 's3:List*', 's3:DeleteObject*', 's3:PutObject*', 's3:Abort*'],
                Resource: [sub('${StagingBucket.Arn}'), sub('${StagingBucket.Arn}/*')],
                Condition: { StringEquals: { 'aws:ResourceAccount': [sub('${AWS::AccountId}')] } },
                Effect: 'Allow',
              },
              {
                Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
                Effect: 'Allow',
                // The template's own resource for the AWS managed key (FileAssetsBucketKmsKeyId=AWS_MANAGED_KEY).
                Resource: sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/AWS_MANAGED_KEY'),
              },
            ],
          },
          Roles: [{ Ref: 'FilePublishingRole' }],
          PolicyName: role('file-publishing-role-default-policy'),
        },
      },
      LookupRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust(ifTrusted('HasTrustedAccountsForLookup', 'TrustedAccountsForLookup'), ifTrusted('HasTrustedAccounts', 'TrustedAccounts')),
          RoleName: role('lookup-role'),
          ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess')],
          Policies: [{ PolicyName: 'LookupRolePolicy', PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'DontReadSecrets', Effect: 'Deny', Action: ['kms:Decrypt'], Resource: '*' }] } }],
          Tags: [{ Key: 'aws-cdk:bootstrap-role', Value: 'lookup' }],
        },
      },
      DeploymentActionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust(ifTrusted('HasTrustedAccounts', 'TrustedAccounts')),
          Policies: [
            {
              PolicyName: 'default',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'CloudFormationPermissions',
                    Effect: 'Allow',
                    Action: [
                      'cloudformation:CreateChangeSet',
                      'cloudformation:DeleteChangeSet',
                      'cloudformation:DescribeChangeSet',
                      'cloudformation:DescribeStacks',
                      'cloudformation:ExecuteChangeSet',
                      'cloudformation:CreateStack',
                      'cloudformation:UpdateStack',
                      'cloudformation:RollbackStack',
                      'cloudformation:ContinueUpdateRollback',
                    ],
                    Resource: '*',
                  },
                  {
                    Sid: 'PipelineCrossAccountArtifactsBucket',
                    Effect: 'Allow',
                    Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:Abort*', 's3:DeleteObject*', 's3:PutObject*'],
                    Resource: '*',
                    Condition: { StringNotEquals: { 's3:ResourceAccount': { Ref: 'AWS::AccountId' } } },
                  },
                  {
                    Sid: 'PipelineCrossAccountArtifactsKey',
                    Effect: 'Allow',
                    Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
                    Resource: '*',
                    Condition: { StringEquals: { 'kms:ViaService': sub('s3.${AWS::Region}.amazonaws.com') } },
                  },
                  { Action: 'iam:PassRole', Resource: sub('${CloudFormationExecutionRole.Arn}'), Effect: 'Allow' },
                  {
                    Sid: 'CliPermissions',
                    Action: ['cloudformation:DescribeStackEvents', 'cloudformation:GetTemplate', 'cloudformation:DeleteStack', 'cloudformation:UpdateTerminationProtection', 'sts:GetCallerIdentity', 'cloudformation:GetTemplateSummary'],
                    Resource: '*',
                    Effect: 'Allow',
                  },
                  { Sid: 'CliStagingBucket', Effect: 'Allow', Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Resource: [sub('${StagingBucket.Arn}'), sub('${StagingBucket.Arn}/*')] },
                  {
                    Sid: 'ReadVersion',
                    Effect: 'Allow',
                    Action: ['ssm:GetParameter', 'ssm:GetParameters'],
                    Resource: [sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CdkBootstrapVersion}')],
                  },
                ],
              },
            },
          ],
          RoleName: role('deploy-role'),
          Tags: [{ Key: 'aws-cdk:bootstrap-role', Value: 'deploy' }],
        },
      },
      CloudFormationExecutionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' } }] },
          ManagedPolicyArns: { 'Fn::If': ['HasCloudFormationExecutionPolicies', { Ref: 'CloudFormationExecutionPolicies' }, [sub('arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess')]] },
          RoleName: role('cfn-exec-role'),
        },
      },
      CdkBootstrapVersion: {
        Type: 'AWS::SSM::Parameter',
        Properties: { Type: 'String', Name: sub('/cdk-bootstrap/${Qualifier}/version'), Value: BOOTSTRAP_VERSION },
      },
    },
    Outputs: {
      BucketName: { Value: sub('${StagingBucket}') },
      BucketDomainName: { Value: sub('${StagingBucket.RegionalDomainName}') },
      BootstrapVersion: { Value: { 'Fn::GetAtt': ['CdkBootstrapVersion', 'Value'] } },
    },
  };
}

/** The bootstrap roles' and bucket's names in an environment. */
export function bootstrapNames(account: string, region: string) {
  const name = (kind: string) => `cdk-${QUALIFIER}-${kind}-${account}-${region}`;
  const arn = (kind: string) => `arn:aws:iam::${account}:role/${name(kind)}`;
  return {
    bucket: name('assets'),
    deployRole: arn('deploy-role'),
    cfnExecRole: arn('cfn-exec-role'),
    filePublishingRole: arn('file-publishing-role'),
    lookupRole: arn('lookup-role'),
  };
}

/** Deploys the CDKToolkit stack as the account's administrator; a failure names the stack event's reason. */
export async function bootstrap(step: BootstrapStep, ids: Identities, note: (message: string) => void): Promise<void> {
  const config = await ids.admin(step.account, step.region);
  const outcome = await deployStack(config, {
    stackName: TOOLKIT_STACK,
    template: { TemplateBody: JSON.stringify(bootstrapTemplate()) },
    parameters: { TrustedAccounts: step.trust.join(','), TrustedAccountsForLookup: '', CloudFormationExecutionPolicies: step.executionPolicies.join(',') },
    capabilities: ['CAPABILITY_NAMED_IAM'],
  });
  if (!outcome.ok) throw Object.assign(new Error(`${outcome.status}: ${outcome.logicalId ? `${outcome.logicalId}: ` : ''}${outcome.reason}`), { name: 'BootstrapFailed' });
  if (!outcome.unchanged) note(`bootstrapped aws://${step.account}/${step.region} as \`cdk bootstrap${step.trust.length ? ` --trust ${step.trust.join(',')}` : ''} --cloudformation-execution-policies ${step.executionPolicies.join(',')}\` does (stack ${TOOLKIT_STACK}; no ECR repository: xacct does not emulate ECR)`);
}
