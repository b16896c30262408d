/**
 * The IAM operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html). The service's table satisfies
 * `IamOperations`, so the compiler refuses a missing operation, a name the SDK's IAM client does not know, or an
 * operation typed against other shapes than the SDK's `XCommandInput`/`XCommandOutput`.
 */
import type * as sdk from '@aws-sdk/client-iam';
import type { SdkOperation, SdkOperations } from '../sdk-model.js';

export type IamOperationName =
  | 'CreateRole'
  | 'GetRole'
  | 'DeleteRole'
  | 'ListRoles'
  | 'UpdateAssumeRolePolicy'
  | 'UpdateRole'
  | 'TagRole'
  | 'UntagRole'
  | 'ListRoleTags'
  | 'PutRolePolicy'
  | 'GetRolePolicy'
  | 'DeleteRolePolicy'
  | 'ListRolePolicies'
  | 'PutRolePermissionsBoundary'
  | 'DeleteRolePermissionsBoundary'
  | 'CreateUser'
  | 'GetUser'
  | 'DeleteUser'
  | 'ListUsers'
  | 'CreateAccessKey'
  | 'ListAccessKeys'
  | 'DeleteAccessKey'
  | 'UpdateAccessKey'
  | 'PutUserPolicy'
  | 'GetUserPolicy'
  | 'DeleteUserPolicy'
  | 'ListUserPolicies'
  | 'PutUserPermissionsBoundary'
  | 'DeleteUserPermissionsBoundary'
  | 'CreateGroup'
  | 'GetGroup'
  | 'ListGroups'
  | 'UpdateGroup'
  | 'DeleteGroup'
  | 'AddUserToGroup'
  | 'RemoveUserFromGroup'
  | 'ListGroupsForUser'
  | 'PutGroupPolicy'
  | 'GetGroupPolicy'
  | 'DeleteGroupPolicy'
  | 'ListGroupPolicies'
  | 'CreatePolicy'
  | 'GetPolicy'
  | 'GetPolicyVersion'
  | 'CreatePolicyVersion'
  | 'ListPolicyVersions'
  | 'DeletePolicyVersion'
  | 'SetDefaultPolicyVersion'
  | 'ListPolicies'
  | 'DeletePolicy'
  | 'AttachRolePolicy'
  | 'DetachRolePolicy'
  | 'ListAttachedRolePolicies'
  | 'AttachUserPolicy'
  | 'DetachUserPolicy'
  | 'ListAttachedUserPolicies'
  | 'AttachGroupPolicy'
  | 'DetachGroupPolicy'
  | 'ListAttachedGroupPolicies';

export type IamOperations = SdkOperations<typeof sdk, IamOperationName>;

/** One IAM operation, typed with the SDK's input and output. */
export type IamOperation<Op extends IamOperationName> = SdkOperation<typeof sdk, Op>;

/** An IAM operation's input as the SDK types it. */
export type IamInput<Op extends IamOperationName> = Parameters<IamOperation<Op>['handler']>[1];
