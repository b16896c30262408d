/**
 * How a failed action reads in GetPipelineState / ListActionExecutions (errorDetails {code, message}), worded as the
 * console and API show it (errors.jsonl):
 * - E083: reading or writing the artifact store or the S3 source is denied: "Insufficient permissions The service
 *   role or action role doesn’t have the permissions required to access the Amazon S3 bucket named <bucket>. …
 *   Error: Amazon S3:AccessDenied:Access Denied (Service: Amazon S3; … Proxy: null)" (typographic apostrophe).
 * - E087: a CloudFormation action cannot read its input artifact: "Access Denied (Service: Amazon S3; Status Code:
 *   403; Error Code: AccessDenied; Request ID: <id>; S3 Extended Request ID: <id>)".
 * - E090: an S3 deploy action cannot write the deployment bucket: "Insufficient permissions You do not have
 *   sufficient permissions to call s3.putObject for the deployment bucket".
 * - E086: CloudFormation refuses the call: "<message without its final period> (Service: AmazonCloudFormation;
 *   Status Code: 403; Error Code: AccessDenied; Request ID: <id>)".
 * errorDetails.code is "JobFailed", the code CodePipeline reports for failed jobs
 * (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_FailureDetails.html).
 * Known deviation: request ids in these texts are generated here, not the ids of the inner S3/CloudFormation calls.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AwsError } from '../../core/errors.js';

export class ActionFailure extends Error {
  /**
   * The run of the action outside CodePipeline that failed (a CodeBuild build's id), kept as the action execution's
   * externalExecutionId as for one that succeeded (API_ActionExecution.html: "The external ID of the run of the action").
   */
  externalExecutionId?: string;

  constructor(
    message: string,
    readonly code = 'JobFailed',
  ) {
    super(message);
  }
}

function s3RequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

function s3ExtendedId(): string {
  return randomBytes(48).toString('base64');
}

function s3Suffix(e: AwsError, proxy: boolean): string {
  return `(Service: Amazon S3; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${s3RequestId()}; S3 Extended Request ID: ${s3ExtendedId()}${proxy ? '; Proxy: null' : ''})`;
}

export function insufficientS3Permissions(bucket: string, e: AwsError): ActionFailure {
  return new ActionFailure(
    `Insufficient permissions The service role or action role doesn\u2019t have the permissions required to access the Amazon S3 bucket named ${bucket}. Update the IAM role permissions, and then try again. Error: Amazon S3:${e.code}:${e.message} ${s3Suffix(e, true)}`,
  );
}

export function s3Error(e: AwsError): ActionFailure {
  return new ActionFailure(`${e.message} ${s3Suffix(e, false)}`);
}

export function deployBucketPutDenied(): ActionFailure {
  return new ActionFailure('Insufficient permissions You do not have sufficient permissions to call s3.putObject for the deployment bucket');
}

export function cloudFormationError(e: AwsError): ActionFailure {
  return new ActionFailure(`${e.message.replace(/\.$/, '')} (Service: AmazonCloudFormation; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${randomUUID()})`);
}

export function isDenied(e: AwsError): boolean {
  return e.status === 403 || /AccessDenied/.test(e.code);
}
