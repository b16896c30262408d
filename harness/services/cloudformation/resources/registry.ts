/**
 * The resource types xacct's CloudFormation provisions, one mapper each. A type is usable only while the
 * service it needs is registered in the emulator; anything else fails the stack with a clear reason.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */
import { codeCommitRepository } from './codecommit-repository.js';
import { cloudFormationStack } from './cloudformation-stack.js';
import { codeBuildProject } from './codebuild-project.js';
import { codeDeployApplication } from './codedeploy-application.js';
import { codeDeployDeploymentGroup } from './codedeploy-deployment-group.js';
import { codePipelinePipeline } from './codepipeline-pipeline.js';
import { ecsCluster } from './ecs-cluster.js';
import { ecsService } from './ecs-service.js';
import { ecsTaskDefinition } from './ecs-task-definition.js';
import { eventsEventBus } from './events-event-bus.js';
import { eventsEventBusPolicy } from './events-event-bus-policy.js';
import { eventsRule } from './events-rule.js';
import { codeStarConnectionsConnection } from './codestarconnections-connection.js';
import { iamGroup } from './iam-group.js';
import { iamManagedPolicy } from './iam-managed-policy.js';
import { iamPolicy } from './iam-policy.js';
import { iamRole } from './iam-role.js';
import { iamUser } from './iam-user.js';
import { iamUserToGroupAddition } from './iam-user-to-group-addition.js';
import { kmsAlias } from './kms-alias.js';
import { kmsKey } from './kms-key.js';
import { lambdaFunction } from './lambda-function.js';
import { lambdaPermission } from './lambda-permission.js';
import { logsLogGroup } from './logs-log-group.js';
import { s3Bucket } from './s3-bucket.js';
import { s3BucketPolicy } from './s3-bucket-policy.js';
import { snsTopic } from './sns-topic.js';
import { snsTopicPolicy } from './sns-topic-policy.js';
import { ssmParameter } from './ssm-parameter.js';
import type { ResourceMapper } from './types.js';

const MAPPERS: ReadonlyMap<string, ResourceMapper> = new Map(
  [
    s3Bucket,
    s3BucketPolicy,
    iamRole,
    iamPolicy,
    iamManagedPolicy,
    iamUser,
    iamGroup,
    iamUserToGroupAddition,
    kmsKey,
    kmsAlias,
    codePipelinePipeline,
    codeCommitRepository,
    eventsRule,
    eventsEventBus,
    eventsEventBusPolicy,
    cloudFormationStack,
    codeBuildProject,
    ssmParameter,
    snsTopic,
    snsTopicPolicy,
    logsLogGroup,
    lambdaFunction,
    lambdaPermission,
    codeStarConnectionsConnection,
    ecsCluster,
    ecsTaskDefinition,
    ecsService,
    codeDeployApplication,
    codeDeployDeploymentGroup,
  ].map((m) => [m.type, m]),
);

/** The mapper for `type`, if xacct supports it with the services that are registered. */
export function resourceMapper(type: string, hasService: (name: string) => boolean): ResourceMapper | undefined {
  const m = MAPPERS.get(type);
  return m && hasService(m.service) ? m : undefined;
}

export function unsupportedReason(type: string): string {
  return `Resource type ${type} is not supported by xacct`;
}
