/**
 * SNS's error codes and words (query protocol), from localstack tests/aws/services/sns/test_sns.snapshot.json,
 * recorded against AWS:
 * - NotFound 404 "Topic does not exist" (test_create_topic_test_arn, test_create_topic_with_attributes);
 * - InvalidParameter 400 "Invalid parameter: Topic Name" (test_create_topic_name_constraints), "Invalid parameter:
 *   TopicArn Reason: An ARN must have at least 6 elements, not 1" (test_create_topic_with_attributes), "Invalid
 *   parameter: Empty message" (test_empty_sns_message), "Invalid parameter: Message too long"
 *   (test_publish_too_long_message), "Invalid parameter: Attributes Reason: Topic already exists with different
 *   attributes" (test_create_topic_different_attrs), "Invalid parameter: AttributeName" (test_validate_set_sub_attributes,
 *   a subscription's attribute; the same wording is assumed for a topic's).
 * - AuthorizationError 403 "User: <arn> is not authorized to perform: SNS:Publish on resource: <topic arn> because no
 *   identity-based policy allows the SNS:Publish action": SNS names its actions with an upper-case prefix (quoted from
 *   AWS in Terraform and SDK errors, e.g. "operation error SNS: SetTopicAttributes, https response error
 *   StatusCode: 403, … AuthorizationError: User: … is not authorized to perform: SNS:SetTopicAttributes on resource:
 *   … because no identity-based policy allows the SNS:SetTopicAttributes action"; errors.jsonl E073 shows the same
 *   prefix through CloudFormation).
 * - A Policy attribute that is not a valid policy (policy-dialect.ts): "Invalid parameter: Policy Error:
 *   PrincipalNotFound" for a principal that does not exist (quoted from AWS by CDK deployers and AWS's own
 *   aws-cloudformation-resource-providers-sns handlers, which match that text), otherwise "Invalid parameter: Policy
 *   Error: null" (the wording those AWS handlers answer for an empty document; not confirmed for other problems).
 * - KMS's refusals while Publish asks KMS for a data key of the topic's key, as SNS passes them on: the SNS code
 *   (KMSAccessDenied, KMSNotFound, KMSDisabled, KMSInvalidState; 400, https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors)
 *   with KMS's message and the Java SDK's tail "(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException;
 *   Request ID: …)" (errors.jsonl E002: "surfaced via SNS Publish as KMSAccessDenied"); the tail's end after the
 *   request id ("; Proxy: null)") follows the same SDK's form in E082 and is not itself recorded for SNS.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const NotFound = () => new AwsError('NotFound', 404, 'Topic does not exist');

export const InvalidParameter = (message: string) => new AwsError('InvalidParameter', 400, `Invalid parameter: ${message}`);

/** "An ARN must have at least 6 elements, not N": N counts the ':'-separated parts of what was given. */
export const InvalidArn = (member: string, value: string) =>
  InvalidParameter(`${member} Reason: An ARN must have at least 6 elements, not ${value.split(':').length}`);

const KMS_CODES: Readonly<Record<string, string>> = {
  AccessDeniedException: 'KMSAccessDenied',
  NotFoundException: 'KMSNotFound',
  DisabledException: 'KMSDisabled',
  KMSInvalidStateException: 'KMSInvalidState',
};

/** A KMS refusal met while publishing to an encrypted topic, in SNS's words (the KMS call's request id in the tail). */
export function fromKms(e: AwsError, requestId: string): AwsError {
  const code = KMS_CODES[e.code] ?? 'KMSAccessDenied';
  const message = `${e.message} (Service: AWSKMS; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${requestId}; Proxy: null)`;
  return new AwsError(code, 400, message, { explanation: e.explanation });
}

export function snsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  const action = request.action.replace(/^sns:/i, 'SNS:');
  return deniedError('AuthorizationError', 403, notAuthorizedMessage({ ...request, action }, decision), decision);
}
