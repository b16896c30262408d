/**
 * The engine's verdict on one authorization outside any request, with the AccessDenied message the named service
 * would answer (for hand-off steps a runner cannot send as a request, such as ECS's iam:PassRole check). A check
 * against a role's trust policy (`trustOf`) reads it from the policy source the catalog registered.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { AuthorizationRequest, Decision } from '../iam/types.js';
import type { Principal } from '../world/principal.js';
import type { Emulator } from './emulator.js';

export interface WordedCheck {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  /** Evaluate against this role's trust policy. */
  trustOf?: string;
}

/** Undefined when the catalog has no service by that name. */
export async function decideInWords(
  emulator: Emulator,
  principal: Principal,
  check: WordedCheck,
  serviceName: string,
): Promise<{ request: AuthorizationRequest; decision: Decision; message: string } | undefined> {
  const service = await emulator.services.get(serviceName);
  if (!service) return undefined;
  const resourcePolicy = check.trustOf === undefined ? undefined : emulator.services.policies.trustPolicyOf(emulator.world, check.trustOf);
  const { request, decision } = emulator.decideFor(principal, { action: check.action, resource: check.resource, context: check.context, resourcePolicy });
  const message = decision.decision === 'allowed' ? '' : service.denial(request, decision).message;
  return { request, decision, message };
}
