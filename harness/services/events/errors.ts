/**
 * Amazon EventBridge's error codes (all HTTP 400, JSON 1.1 `__type`) and their words, and the per-entry error codes
 * PutEvents answers inside a 200 response.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
 * Sources of wording: LocalStack's snapshots of these calls against AWS (tests marked aws.validated), in
 * github.com/localstack/localstack tests/aws/services/events/:
 * - test_events.snapshot.json: "Event bus <name> does not exist.", "Event bus <name> already exists.", "Cannot delete
 *   event bus default.", "Rule <name> does not exist on EventBus default.", "Rule can't be deleted since it has
 *   targets.", "Statement with the provided id does not exist." (with and without a policy on the bus), "The requested
 *   resource exceeds the maximum number allowed." (a sixth target), the PutEvents entry errors ("Parameter Source is
 *   not valid. Reason: Source is a required argument.", "Detail is malformed.");
 * - test_events_patterns.snapshot.json: InvalidEventPatternException "Event pattern is not valid. Reason: …".
 * Not recorded: "Rule <name> does not exist on EventBus <bus>." for another bus than default mirrors the recorded
 * default-bus wording. AWS appends to an InvalidEventPatternException the parser's location ("\n at [Source:
 * (String)"…"; line: 1, column: N]"); the emulator words the reason only.
 * Denials are 400 AccessDeniedException in IAM's words (harness/iam/render.ts); no recorded EventBridge denial was
 * found to confirm the wording.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const ResourceNotFoundException = {
  bus: (name: string) => err('ResourceNotFoundException', `Event bus ${name} does not exist.`),
  rule: (name: string, bus: string) => err('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`),
  statement: () => err('ResourceNotFoundException', 'Statement with the provided id does not exist.'),
};

export const ResourceAlreadyExistsException = {
  bus: (name: string) => err('ResourceAlreadyExistsException', `Event bus ${name} already exists.`),
};

export const ValidationException = {
  deleteDefaultBus: () => err('ValidationException', 'Cannot delete event bus default.'),
  ruleHasTargets: () => err('ValidationException', "Rule can't be deleted since it has targets."),
};

export const LimitExceededException = () => err('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');

export const InvalidEventPatternException = (reason: string) => err('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);

/** A PutEvents entry AWS refuses on its own, answered in the entry (the request still succeeds). */
export interface EntryError {
  ErrorCode: string;
  ErrorMessage: string;
}

export const EntryErrors = {
  required: (member: 'Source' | 'DetailType' | 'Detail'): EntryError => ({
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  }),
  malformedDetail: (): EntryError => ({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }),
  /**
   * A Source in the `aws.` namespace, which only AWS services (and EventBridge forwarding their events) may use. The
   * code is PutEventsResultEntry's (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html);
   * the message as an AWS CLI answer shows it, quoted in public notes (search: "Not authorized for the source.").
   */
  notAuthorizedForSource: (): EntryError => ({ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' }),
};

export function eventsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}

/** Not recorded: EventBridge's "Parameter <member> is not valid." form (recorded for TestEventPattern's Event). */
export const InvalidParameter = (member: string) => err('ValidationException', `Parameter ${member} is not valid.`);
