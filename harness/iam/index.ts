/**
 * Public surface of the policy engine (pure: no HTTP, no state beyond compiled-policy caches).
 * Mirrors IAM policy evaluation: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export * from './types.js';
export { evaluate } from './evaluate.js';
export { validatePolicy, type PolicyDialect, type PolicyProblem } from './validate.js';
export { denialReason, isCrossAccount, notAuthorizedHead, notAuthorizedMessage, onResource, type RenderedDenial } from './render.js';
export { compilePolicy, type CompiledPolicy } from './policy.js';
export { buildContext, principalArnOf, roleArnFromSession, accountOfArn, type RequestContext } from './context.js';
export { parseOperator } from './conditions.js';
export { compileGlob, type Matcher } from './glob.js';
export { requestFromInput, principalFromArn, SimulateInputError, type PolicyDialects } from './simulate-input.js';
