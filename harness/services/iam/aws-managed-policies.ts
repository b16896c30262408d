/**
 * A handful of AWS-managed policies under their real ARNs (arn:aws:iam::aws:policy/…), shared by every account.
 * Documents of AdministratorAccess and PowerUserAccess are AWS's; ReadOnlyAccess, AWSCodePipeline_FullAccess and
 * AWSCodeDeployRoleForECS are abbreviated (AWSCodeDeployRoleForECSLimited is AWS's v3) to the statements that matter for delivery pipelines (the real ones list
 * hundreds of read actions). https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */
import type { ManagedPolicyRecord } from './store.js';

const CREATED = new Date('2015-02-06T18:39:46Z');

function managed(name: string, id: string, statements: object[], path = '/'): ManagedPolicyRecord {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  return {
    PolicyName: name,
    PolicyId: id,
    Arn: `arn:aws:iam::aws:policy${path}${name}`,
    Path: path,
    CreateDate: CREATED,
    UpdateDate: CREATED,
    DefaultVersionId: 'v1',
    versions: [{ VersionId: 'v1', Document: document, IsDefaultVersion: true, CreateDate: CREATED }],
    nextVersion: 2,
    Tags: [],
  };
}

const list: ManagedPolicyRecord[] = [
  managed('AdministratorAccess', 'ANPAIWMBCKSKIEE64ZLYK', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  managed('PowerUserAccess', 'ANPAJYRXTHIB4FOVS3ZXS', [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: [
        'account:GetAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ],
      Resource: '*',
    },
  ]),
  managed('ReadOnlyAccess', 'ANPAILL3HVNFSB6DCOWYQ', [
    { Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*', 's3:Get*', 's3:List*', 'kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' },
  ]),
  managed('AWSCodePipeline_FullAccess', 'ANPAQEZ5PC2YFNTH7WYF3', [
    { Effect: 'Allow', Action: ['codepipeline:*', 'cloudformation:DescribeStacks', 'cloudformation:ListStacks', 'cloudformation:ListChangeSets', 'iam:ListRoles', 's3:ListAllMyBuckets', 's3:GetBucketPolicy', 's3:GetBucketVersioning', 'kms:ListAliases', 'kms:DescribeKey'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::*:role/service-role/cwe-role-*', Condition: { StringEquals: { 'iam:PassedToService': ['events.amazonaws.com'] } } },
    { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': ['codepipeline.amazonaws.com'] } } },
  ]),
  managed('AWSCodeDeployRoleForECS', 'ANPAIIL3KXEKRGEN2HFIO', [
    {
      Effect: 'Allow',
      Action: [
        'ecs:DescribeServices',
        'ecs:CreateTaskSet',
        'ecs:UpdateServicePrimaryTaskSet',
        'ecs:DeleteTaskSet',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:ModifyRule',
        'lambda:InvokeFunction',
        'cloudwatch:DescribeAlarms',
        'sns:Publish',
        's3:GetObject',
        's3:GetObjectVersion',
      ],
      Resource: '*',
    },
    { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*', Condition: { StringLike: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } } },
  ]),
  managed('AWSCodeDeployRoleForECSLimited', 'ANPAJ6Z7L2IOXEFFOGD2M', [
    { Action: ['ecs:DescribeServices', 'ecs:CreateTaskSet', 'ecs:UpdateServicePrimaryTaskSet', 'ecs:DeleteTaskSet', 'cloudwatch:DescribeAlarms'], Resource: '*', Effect: 'Allow' },
    { Action: ['sns:Publish'], Resource: 'arn:aws:sns:*:*:CodeDeployTopic_*', Effect: 'Allow' },
    {
      Action: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:ModifyRule'],
      Resource: '*',
      Effect: 'Allow',
    },
    { Action: ['lambda:InvokeFunction'], Resource: 'arn:aws:lambda:*:*:function:CodeDeployHook_*', Effect: 'Allow' },
    { Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: '*', Condition: { StringEquals: { 's3:ExistingObjectTag/UseWithCodeDeploy': 'true' } }, Effect: 'Allow' },
    { Action: ['iam:PassRole'], Effect: 'Allow', Resource: ['arn:aws:iam::*:role/ecsTaskExecutionRole'], Condition: { StringLike: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } } },
  ]),
];

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicyRecord> = new Map(list.map((p) => [p.Arn, p]));
