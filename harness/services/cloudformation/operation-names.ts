/**
 * The CloudFormation operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html). Each operations file
 * types its table by the names it holds, and service.ts the whole table by this union, so the compiler refuses a
 * missing operation, a name the SDK's CloudFormation client does not know, and an entry whose input is not the SDK's
 * `<Op>CommandInput`.
 */
import type * as sdk from '@aws-sdk/client-cloudformation';
import type { SdkOperations } from '../sdk-model.js';

export type CloudFormationOperationName =
  | 'CreateStack'
  | 'UpdateStack'
  | 'DeleteStack'
  | 'DescribeStacks'
  | 'DescribeStackEvents'
  | 'DescribeStackResource'
  | 'DescribeStackResources'
  | 'ListStacks'
  | 'GetTemplate'
  | 'GetTemplateSummary'
  | 'ListExports'
  | 'ValidateTemplate'
  | 'CreateChangeSet'
  | 'DescribeChangeSet'
  | 'ExecuteChangeSet'
  | 'DeleteChangeSet'
  | 'ListChangeSets'
  | 'UpdateTerminationProtection';

/** A table of some of the implemented operations, each typed with the SDK's input and output. */
export type CloudFormationOperations<Names extends CloudFormationOperationName> = SdkOperations<typeof sdk, Names>;
