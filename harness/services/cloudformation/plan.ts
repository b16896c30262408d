/**
 * From a template text and a stack's inputs to a provisioning plan, with the checks CloudFormation makes before a
 * stack operation is accepted: template format (engine), capabilities, parameters, Fn::GetAtt attributes of the
 * supported types, and literal Fn::ImportValue names that no stack exports.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 * A template with a Transform is processed first (template/transforms/): CreateStack and UpdateStack need
 * CAPABILITY_AUTO_EXPAND for it ("Requires capabilities : [CAPABILITY_AUTO_EXPAND]", InsufficientCapabilitiesException,
 * quoted from AWS in buildkite/docs#2330), change sets expand without it ("This capacity doesn't apply to creating
 * change sets, and specifying it when creating change sets has no effect.", API_CreateChangeSet.html, Capabilities);
 * the IAM capabilities are then checked on the processed template, whose resources (a SAM function's role) need them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (CAPABILITY_AUTO_EXPAND)
 */
import { hasService } from './available-services.js';
import type { Plan } from './provision.js';
import { resourceMapper } from './resources/registry.js';
import type { CloudFormationStore } from './store.js';
import type { OperationContext } from '../types.js';
import { checkTemplate, collectReferences, hasTransform, parseTemplate, prepareStack, type PseudoParameters, type Template, type TemplateValue } from './template/index.js';
import { expandTransforms } from './template/transforms/expand.js';
import { asIntrinsic, visit, type TemplateObject } from './template/walk.js';
import { transformHooks } from './transform-hooks.js';
import { InsufficientCapabilitiesException, ValidationError } from './errors.js';

export interface PlanInput {
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  /**
   * Planned for a change set: its capability needs are a change set's (template/capabilities.ts), and it expands
   * transforms without CAPABILITY_AUTO_EXPAND.
   */
  changeSet?: boolean;
  pseudo: PseudoParameters;
  store: CloudFormationStore;
  /** The call's context: transforms read AWS::Include snippets through it, as its principal. */
  ctx: OperationContext;
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
      if (mapper && !mapper.attributes.includes(ref.attribute) && !mapper.attributePattern?.test(ref.attribute)) {
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

/** The processed template: the original when it declares no Transform. */
async function processed(original: Template, input: PlanInput): Promise<Template> {
  if (!hasTransform(original as unknown as TemplateObject)) return original;
  // The capability acknowledges the Transform section's macros (template/capabilities.ts); an inline AWS::Include
  // alone is expanded without it.
  if (original.Transform !== undefined && !input.changeSet && !input.capabilities.includes('CAPABILITY_AUTO_EXPAND')) throw InsufficientCapabilitiesException(['CAPABILITY_AUTO_EXPAND']);
  const raw = structuredClone(original) as unknown as TemplateObject;
  const hooks = await transformHooks(input.ctx, input.store, input.pseudo.accountId, raw);
  return checkTemplate(await expandTransforms(raw, hooks));
}

export async function planStack(input: PlanInput): Promise<Plan> {
  const template = await processed(parseTemplate(input.templateBody), input);
  const prepared = prepareStack(template, {
    parameters: input.parameters,
    pseudo: input.pseudo,
    capabilities: input.capabilities,
    capabilityContext: { changeSet: input.changeSet ?? false },
    importValue: (name) => input.store.exports.get(name)?.value,
    ssmParameters: input.ssmParameters,
  });
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
