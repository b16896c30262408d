/**
 * ValidateTemplate's answer for a parsed template: declared parameters, required capabilities and their
 * reason, the description and declared transforms.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html
 *
 * Empty Capabilities and absent fields are omitted, as AWS omits them (recorded response in validate.test.ts).
 */
import type { ValidateTemplateOutput } from '@aws-sdk/client-cloudformation';
import { requiredCapabilities } from './capabilities.js';
import { isNoEcho } from './parameters.js';
import type { Template, TemplateValue } from './types.js';

export type ValidateTemplateResult = Omit<ValidateTemplateOutput, '$metadata'>;

export function validateTemplate(template: Template): ValidateTemplateResult {
  const result: ValidateTemplateResult = {
    Parameters: Object.entries(template.Parameters).map(([key, decl]) => ({
      ParameterKey: key,
      ...(decl.Default !== undefined ? { DefaultValue: defaultString(decl.Default) } : {}),
      NoEcho: isNoEcho(decl),
      ...(decl.Description !== undefined ? { Description: String(decl.Description) } : {}),
    })),
  };
  if (template.Description !== undefined) result.Description = String(template.Description);
  const required = requiredCapabilities(template);
  if (required.capabilities.length > 0) result.Capabilities = required.capabilities;
  if (required.reason !== undefined) result.CapabilitiesReason = required.reason;
  if (template.Transform !== undefined) {
    const t = template.Transform;
    result.DeclaredTransforms = (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  }
  return result;
}

function defaultString(v: TemplateValue): string {
  return Array.isArray(v) ? v.map(String).join(',') : String(v);
}
