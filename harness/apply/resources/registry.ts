/**
 * The resource and data-source types the applier supports, one mapper file each. Adding a type is one file
 * plus one line here.
 * Deviations: every other managed type is a placeholder marked "not emulated" (placeholder.ts); every other data
 * source is rejected before anything is created.
 */
import type { DataSourceMapper, ResourceMapper } from '../types.js';
import { awsCodecommitRepository } from './aws-codecommit-repository.js';
import { awsCloudwatchLogGroup } from './aws-cloudwatch-log-group.js';
import { awsCloudwatchEventBus } from './aws-cloudwatch-event-bus.js';
import { awsCloudwatchEventBusPolicy } from './aws-cloudwatch-event-bus-policy.js';
import { awsCloudwatchEventPermission } from './aws-cloudwatch-event-permission.js';
import { awsCloudwatchEventRule } from './aws-cloudwatch-event-rule.js';
import { awsCloudwatchEventTarget } from './aws-cloudwatch-event-target.js';
import { awsCodebuildProject } from './aws-codebuild-project.js';
import { awsCodepipeline } from './aws-codepipeline.js';
import { awsCodestarconnectionsConnection } from './aws-codestarconnections-connection.js';
import { awsCodedeployApp } from './aws-codedeploy-app.js';
import { awsCodedeployDeploymentGroup } from './aws-codedeploy-deployment-group.js';
import { awsEcsCluster } from './aws-ecs-cluster.js';
import { awsEcsService } from './aws-ecs-service.js';
import { awsEcsTaskDefinition } from './aws-ecs-task-definition.js';
import { awsIamGroup } from './aws-iam-group.js';
import { awsIamGroupMembership } from './aws-iam-group-membership.js';
import { awsIamGroupPolicy } from './aws-iam-group-policy.js';
import { awsIamGroupPolicyAttachment } from './aws-iam-group-policy-attachment.js';
import { awsIamPolicy } from './aws-iam-policy.js';
import { awsIamPolicyAttachment } from './aws-iam-policy-attachment.js';
import { awsIamRole } from './aws-iam-role.js';
import { awsIamRolePolicy } from './aws-iam-role-policy.js';
import { awsIamRolePolicyAttachment } from './aws-iam-role-policy-attachment.js';
import { awsIamUser } from './aws-iam-user.js';
import { awsIamUserGroupMembership } from './aws-iam-user-group-membership.js';
import { awsIamUserPolicy } from './aws-iam-user-policy.js';
import { awsKmsAlias } from './aws-kms-alias.js';
import { awsLambdaFunction } from './aws-lambda-function.js';
import { awsLambdaPermission } from './aws-lambda-permission.js';
import { awsKmsKey } from './aws-kms-key.js';
import { awsKmsKeyPolicy } from './aws-kms-key-policy.js';
import { awsS3Bucket } from './aws-s3-bucket.js';
import { awsS3BucketAcl } from './aws-s3-bucket-acl.js';
import { awsS3BucketOwnershipControls } from './aws-s3-bucket-ownership-controls.js';
import { awsS3BucketPolicy } from './aws-s3-bucket-policy.js';
import { awsS3BucketPublicAccessBlock } from './aws-s3-bucket-public-access-block.js';
import { awsS3BucketServerSideEncryptionConfiguration } from './aws-s3-bucket-server-side-encryption-configuration.js';
import { awsS3BucketVersioning } from './aws-s3-bucket-versioning.js';
import { awsS3Object } from './aws-s3-object.js';
import { awsCallerIdentity, awsIamPolicyDocument, awsPartition, awsRegion } from './data-sources.js';
import { awsIamPolicyData, awsIamRoleData, awsKmsAliasData, awsKmsKeyData, awsS3BucketData } from './data-sources-lookup.js';

export const RESOURCE_MAPPERS: ReadonlyMap<string, ResourceMapper> = new Map(
  [
    awsKmsKey,
    awsCodebuildProject,
    awsKmsAlias,
    awsLambdaFunction,
    awsLambdaPermission,
    awsKmsKeyPolicy,
    awsS3Bucket,
    awsS3BucketPolicy,
    awsS3BucketVersioning,
    awsS3BucketServerSideEncryptionConfiguration,
    awsS3BucketOwnershipControls,
    awsS3BucketAcl,
    awsS3BucketPublicAccessBlock,
    awsS3Object,
    awsIamRole,
    awsIamRolePolicy,
    awsIamPolicy,
    awsIamRolePolicyAttachment,
    awsIamPolicyAttachment,
    awsIamUser,
    awsIamUserPolicy,
    awsIamGroup,
    awsIamGroupPolicy,
    awsIamGroupPolicyAttachment,
    awsIamGroupMembership,
    awsIamUserGroupMembership,
    awsCodepipeline,
    awsCodecommitRepository,
    awsCloudwatchEventBus,
    awsCloudwatchEventBusPolicy,
    awsCloudwatchEventPermission,
    awsCloudwatchEventRule,
    awsCloudwatchEventTarget,
    awsCloudwatchLogGroup,
    awsCodestarconnectionsConnection,
    awsEcsCluster,
    awsEcsTaskDefinition,
    awsEcsService,
    awsCodedeployApp,
    awsCodedeployDeploymentGroup,
  ].map((m) => [m.type, m]),
);

export const DATA_SOURCE_MAPPERS: ReadonlyMap<string, DataSourceMapper> = new Map(
  [awsIamPolicyDocument, awsCallerIdentity, awsRegion, awsPartition, awsKmsKeyData, awsKmsAliasData, awsIamRoleData, awsIamPolicyData, awsS3BucketData].map((m) => [m.type, m]),
);
