/**
 * CloudWatch Logs' error codes and words (JSON 1.1, all HTTP 400), from localstack
 * tests/aws/services/logs/test_logs_groups.snapshot.json (recorded against AWS 2026-02-03) and the other
 * tests/aws/services/logs/*.snapshot.json files:
 * - ResourceAlreadyExistsException "The specified log group already exists" (test_create_log_group_duplicate_error);
 * - ResourceNotFoundException "The specified log group does not exist." (test_logs_events, test_logs_export_tasks);
 * - InvalidParameterException "Invalid LogGroup or LogStream, both must have length less than or equal to 512."
 *   (test_create_log_group_invalid_name_length), "LogGroup name prefix and LogGroup name pattern are mutually
 *   exclusive parameters." (test_describe_log_groups_prefix_and_pattern_error).
 * - AccessDeniedException in IAM's words, naming the resource as Logs does ("… is not authorized to perform:
 *   logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:853973692277:log-group:test-log-group:log-stream: because
 *   no identity-based policy allows the logs:CreateLogGroup action", quoted from AWS CLI output; see log-groups.ts).
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const ResourceAlreadyExistsException = () => err('ResourceAlreadyExistsException', 'The specified log group already exists');

export const ResourceNotFoundException = () => err('ResourceNotFoundException', 'The specified log group does not exist.');

export const InvalidParameterException = (message: string) => err('InvalidParameterException', message);

export function logsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
