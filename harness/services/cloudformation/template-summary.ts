/**
 * GetTemplateSummary: what a template declares (parameters with their types, resource types, capabilities,
 * transforms), for a template given as TemplateBody/TemplateURL or for an existing stack's template. The AWS CLI's
 * `cloudformation deploy` calls it on every update, to drop UsePreviousValue for parameters the stack did not have.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html
 * Shapes and wordings recorded against AWS (LocalStack's AWS-validated test_templates.snapshot.json, cited in
 * template-summary.test.ts): `Parameters` present even when empty, `Version` "2010-09-09" whether or not the
 * template declares it; "GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.". A missing stack is
 * answered as GetTemplate's recorded "Stack with id <x> does not exist" (GetTemplateSummary's own is not recorded).
 * Known deviations: ResourceIdentifierSummaries lists the logical ids per type without ResourceIdentifiers (the
 * types' primary identifiers are not modelled); Metadata is the template's Metadata as JSON; ParameterConstraints
 * carries AllowedValues only when the template declares them; StackSetName is not supported.
 */
import type { GetTemplateSummaryCommandInput, GetTemplateSummaryCommandOutput, ParameterDeclaration } from '@aws-sdk/client-cloudformation';
import { str } from '../params.js';
import type { Operation, Out } from '../types.js';
import { templateSource } from './input.js';
import type { CloudFormationOperations } from './operation-names.js';
import { findStack, stackResource } from './stacks.js';
import { parseTemplate, validateTemplate, type Template } from './template/index.js';
import { templateBody } from './template-source.js';
import { ValidationError } from './errors.js';

function summary(template: Template): Out<GetTemplateSummaryCommandOutput> {
  const validated = validateTemplate(template);
  const parameters: ParameterDeclaration[] = (validated.Parameters ?? []).map((p) => {
    const decl = template.Parameters[p.ParameterKey!]!;
    return {
      ...p,
      ParameterType: decl.Type,
      ...(decl.AllowedValues !== undefined ? { ParameterConstraints: { AllowedValues: decl.AllowedValues.map(String) } } : {}),
    };
  });
  const byType = new Map<string, string[]>();
  for (const [id, r] of Object.entries(template.Resources)) byType.set(r.Type, [...(byType.get(r.Type) ?? []), id]);
  return {
    ...validated,
    Parameters: parameters,
    ResourceTypes: [...byType.keys()],
    Version: template.AWSTemplateFormatVersion ?? '2010-09-09',
    ...(template.Metadata !== undefined ? { Metadata: JSON.stringify(template.Metadata) } : {}),
    ResourceIdentifierSummaries: [...byType].map(([ResourceType, LogicalResourceIds]) => ({ ResourceType, LogicalResourceIds })),
  };
}

const GetTemplateSummary: Operation<GetTemplateSummaryCommandInput, Out<GetTemplateSummaryCommandOutput>> = {
  authorize: (ctx, input) => ({
    action: 'cloudformation:GetTemplateSummary',
    resource: input.StackName !== undefined ? stackResource(ctx, input.StackName) : '*',
  }),
  async handler(ctx, input) {
    if (input.StackSetName !== undefined) throw ValidationError('StackSetName is not supported by xacct');
    const name = str('ValidationError', input, 'StackName', { min: 1 });
    if (name === undefined) return summary(parseTemplate(await templateBody(ctx, templateSource(input))));
    const stack = findStack(ctx, name);
    if (stack.status === 'REVIEW_IN_PROGRESS') throw ValidationError('GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.');
    return summary(stack.template);
  },
};

export const templateSummaryOperations = { GetTemplateSummary } satisfies CloudFormationOperations<'GetTemplateSummary'>;
