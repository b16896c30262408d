/**
 * The Amazon ECS operations xacct implements (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Operations.html),
 * typed by the SDK's `<Op>Command`: the compiler refuses a name the SDK does not know or an entry whose input is not
 * the SDK's.
 */
import type * as sdk from '@aws-sdk/client-ecs';
import type { SdkOperations } from '../sdk-model.js';

export type ClusterOperationName = 'CreateCluster' | 'DescribeClusters';
export type TaskDefinitionOperationName = 'RegisterTaskDefinition' | 'DescribeTaskDefinition' | 'DeregisterTaskDefinition';
export type ServiceOperationName = 'CreateService' | 'UpdateService' | 'DescribeServices' | 'DeleteService';
export type TaskSetOperationName = 'CreateTaskSet' | 'UpdateServicePrimaryTaskSet' | 'DeleteTaskSet' | 'DescribeTaskSets';

export type EcsOperationName = ClusterOperationName | TaskDefinitionOperationName | ServiceOperationName | TaskSetOperationName;

export type EcsOperations<Names extends EcsOperationName> = SdkOperations<typeof sdk, Names>;
