/**
 * From a template text and a stack's inputs to a provisioning plan, with the checks CloudFormation makes before a
 * stack operation is accepted: template format (engine), capabilities, parameters, Fn::GetAtt attributes of the
 * supported types, and literal Fn::ImportValue names that no stack exports.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 * Deviation: templates with a Transform are refused after the capability check (macros are not expanded).
 */
import { hasService } from './available-services.js';
import type { Plan } from './provision.js';
import { resourceMapper } from './resources/registry.js';
import type { CloudFormationStore } from './store.js';
import { collectReferences, parseTemplate, prepareStack, type PseudoParameters, type Template, type TemplateValue } from './template/index.js';
import { asIntrinsic, visit } from './template/walk.js';
import { ValidationError } from './errors.js';

export interface PlanInput {
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  pseudo: PseudoParameters;
  store: CloudFormationStore;
  /** Values of the Parameter Store parameters the template's SSM-typed parameters name (ssm-parameter-values.ts). */
  ssmParameters?: ReadonlyMap<string, string>;
}

function checkAttributes(template: Template): void {
  const values: TemplateValue[] = [
    ...Object.values(template.Resources).map((r) => (r.Properties ?? {}) as TemplateValue),
    ...Object.values(template.Outputs).map((o) => o as unknown as TemplateValue),
  ];
  for (const value of values) {
    for (const ref of collectReferences(value)) {
      if (ref.kind === 'Ref' || ref.attribute === undefined) continue;
      const decl = template.Resources[ref.name];
      const mapper = decl ? resourceMapper(decl.Type, hasService) : undefined;
      if (mapper && !mapper.attributes.includes(ref.attribute)) {
        throw ValidationError(`Template error: resource ${ref.name} does not support attribute type ${ref.attribute} in Fn::GetAtt`);
      }
    }
  }
}

function literalImports(template: Template): string[] {
  const names: string[] = [];
  const scan = (v: TemplateValue) =>
    visit(v, '', (node) => {
      const fn = asIntrinsic(node);
      if (fn?.name === 'Fn::ImportValue' && typeof fn.arg === 'string') names.push(fn.arg);
    });
  for (const r of Object.values(template.Resources)) scan((r.Properties ?? {}) as TemplateValue);
  for (const o of Object.values(template.Outputs)) scan(o.Value);
  return names;
}

export function planStack(input: PlanInput): Plan {
  const template = parseTemplate(input.templateBody);
  const prepared = prepareStack(template, {
    parameters: input.parameters,
    pseudo: input.pseudo,
    capabilities: input.capabilities,
    importValue: (name) => input.store.exports.get(name)?.value,
    ssmParameters: input.ssmParameters,
  });
  if (template.Transform !== undefined) {
    throw ValidationError('Template format error: transforms (macros, AWS::Serverless) are not supported by xacct');
  }
  checkAttributes(template);
  const imports = literalImports(template);
  for (const name of imports) {
    if (!input.store.exports.has(name)) throw ValidationError(`No export named ${name} found`);
  }
  const given = Object.create(null) as Record<string, string>;
  for (const p of prepared.parameters) given[p.key] = p.value;
  return {
    definition: {
      templateBody: input.templateBody,
      template,
      givenParameters: given,
      parameters: prepared.parameters,
      capabilities: input.capabilities,
    },
    prepared,
    imports,
  };
}
