/**
 * Public API of the CloudFormation template engine (pure: no HTTP, no state, no AWS calls). See README.md.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-reference.html
 */
export { parseTemplate, checkTemplate, hasTransform } from './parse.js';
export { validateTemplate, type ValidateTemplateResult } from './validate.js';
export { requiredCapabilities, assertCapabilities, type Capability, type CapabilityContext, type RequiredCapabilities } from './capabilities.js';
export { resolveParameters, ssmParameterNames, type ResolvedParameter } from './parameters.js';
export {
  buildDependencyGraph, creationOrder, deletionOrder, collectReferences, type DependencyGraph, type Reference,
} from './dependencies.js';
export {
  prepareStack, type PrepareStackOptions, type PreparedStack, type PreparedResource, type ResourceResolver,
  type ResolvedOutput,
} from './prepare.js';
export { partitionOf, PSEUDO_PARAMETER_NAMES } from './pseudo.js';
export type {
  Template, TemplateValue, ParameterDeclaration, ResourceDeclaration, OutputDeclaration, PseudoParameters,
} from './types.js';
