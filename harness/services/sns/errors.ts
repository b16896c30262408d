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
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const NotFound = () => new AwsError('NotFound', 404, 'Topic does not exist');

export const InvalidParameter = (message: string) => new AwsError('InvalidParameter', 400, `Invalid parameter: ${message}`);

/** "An ARN must have at least 6 elements, not N": N counts the ':'-separated parts of what was given. */
export const InvalidArn = (member: string, value: string) =>
  InvalidParameter(`${member} Reason: An ARN must have at least 6 elements, not ${value.split(':').length}`);

export function snsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  const action = request.action.replace(/^sns:/i, 'SNS:');
  return deniedError('AuthorizationError', 403, notAuthorizedMessage({ ...request, action }, decision), decision);
}
