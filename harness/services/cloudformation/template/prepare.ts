/**
 * The template engine's provisioning API: from a parsed template and a stack's inputs to what the
 * CloudFormation service creates, in which order, with which properties and outputs.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacks.html
 *
 * Pure: no state, no AWS calls. The service supplies created resources' physical ids and attributes through
 * callbacks, and exports through `importValue`.
 */
import { assertCapabilities, type CapabilityContext } from './capabilities.js';
import { evaluateConditions } from './conditions.js';
import { checkListArguments } from './list-arguments.js';
import { buildDependencyGraph, creationOrder, dependsOnList, type DependencyGraph } from './dependencies.js';
import { ValidationError } from '../errors.js';
import { REMOVED, evaluate, type EvalContext } from './intrinsics.js';
import { resolveParameters, type ResolvedParameter } from './parameters.js';
import { NO_VALUE, PSEUDO_PARAMETER_NAMES, pseudoValue } from './pseudo.js';
import type { PseudoParameters, ResourceDeclaration, Template, TemplateValue } from './types.js';

export interface PrepareStackOptions {
  /** ParameterKey → ParameterValue as given to CreateStack/UpdateStack/CreateChangeSet. */
  parameters?: Readonly<Record<string, string>>;
  pseudo: PseudoParameters;
  /** Looks up an export of the stack's account and region (Fn::ImportValue). */
  importValue?(name: string): string | undefined;
  /** When given, InsufficientCapabilitiesException is thrown if the template needs more. */
  capabilities?: readonly string[];
  /** How the stack is deployed (a change set needs fewer), and the processed template when macros ran. */
  capabilityContext?: CapabilityContext;
  /** Values of the Parameter Store parameters SSM-typed parameters name (template/parameters.ts). */
  ssmParameters?: ReadonlyMap<string, string>;
}

/** How the service reaches created resources while resolving properties and outputs. */
export interface ResourceResolver {
  /** Physical id of a created resource: what `Ref` returns. */
  ref(logicalId: string): string;
  /** An attribute of a created resource: what `Fn::GetAtt` returns. Throw to reject an unknown attribute. */
  getAtt(logicalId: string, attribute: string): TemplateValue;
}

export interface PreparedResource {
  logicalId: string;
  type: string;
  /** Resources of this stack (kept by their conditions) this one waits for. */
  dependsOn: string[];
  declaration: ResourceDeclaration;
}

export interface ResolvedOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface PreparedStack {
  template: Template;
  parameters: ResolvedParameter[];
  conditions: Record<string, boolean>;
  /** Resources whose Condition holds, in creation order. */
  resources: PreparedResource[];
  creationOrder: string[];
  /** Reverse of creationOrder: dependents first. */
  deletionOrder: string[];
  /** A resource's Properties with every intrinsic resolved and AWS::NoValue removed. */
  resolveProperties(logicalId: string, resolver: ResourceResolver): Record<string, TemplateValue>;
  /** Outputs whose Condition holds, with export names; lists are joined with commas as AWS shows them. */
  resolveOutputs(resolver: ResourceResolver): ResolvedOutput[];
}

export function prepareStack(template: Template, options: PrepareStackOptions): PreparedStack {
  if (options.capabilities) assertCapabilities(template, options.capabilities, options.capabilityContext);
  const parameters = resolveParameters(template, options.parameters ?? {}, options.ssmParameters);
  const parameterValues = new Map(parameters.map((p) => [p.key, p.resolved] as const));
  const base = {
    template,
    parameters: parameterValues,
    pseudo: options.pseudo,
    resources: new Set<string>(),
    ...(options.importValue ? { importValue: options.importValue } : {}),
  };
  const conditions = evaluateConditions(template, base);
  const kept = Object.entries(template.Resources)
    .filter(([, r]) => r.Condition === undefined || conditions[r.Condition] === true)
    .map(([id]) => id);
  const keptSet = new Set(kept);
  checkListArguments(template, keptSet, conditions, (name) => {
    const value = parameterValues.has(name) ? parameterValues.get(name) : PSEUDO_PARAMETER_NAMES.has(name) && name !== NO_VALUE ? pseudoValue(name, options.pseudo) : undefined;
    if (value === undefined) return undefined;
    return Array.isArray(value) ? 'list' : 'string';
  });
  const graph: DependencyGraph = buildDependencyGraph(template);
  for (const id of kept) {
    for (const dep of dependsOnList(template.Resources[id]!)) {
      if (!keptSet.has(dep)) {
        throw ValidationError(`Template format error: Unresolved resource dependencies [${dep}] in the Resources block of the template`);
      }
    }
  }
  const order = creationOrder(graph, kept);
  const resources = order.map((id) => ({
    logicalId: id,
    type: template.Resources[id]!.Type,
    dependsOn: (graph.get(id) ?? []).filter((d) => keptSet.has(d)),
    declaration: template.Resources[id]!,
  }));

  const context = (resolver: ResourceResolver | undefined, block: EvalContext['block']): EvalContext => ({
    ...base,
    resources: keptSet,
    condition: (name) => {
      const v = conditions[name];
      if (v === undefined) throw ValidationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
      return v;
    },
    block,
    ...(resolver ? { ref: (id: string) => resolver.ref(id), getAtt: (id: string, a: string) => resolver.getAtt(id, a) } : {}),
  });

  return {
    template,
    parameters,
    conditions,
    resources,
    creationOrder: order,
    deletionOrder: [...order].reverse(),
    resolveProperties(logicalId, resolver) {
      if (!keptSet.has(logicalId)) throw new Error(`${logicalId} is not a resource this stack creates`);
      const props = template.Resources[logicalId]!.Properties ?? {};
      const v = evaluate(props as TemplateValue, context(resolver, 'Resources'));
      return (v === REMOVED ? {} : v) as Record<string, TemplateValue>;
    },
    resolveOutputs(resolver) {
      const ctx = context(resolver, 'Outputs');
      const out: ResolvedOutput[] = [];
      for (const [key, output] of Object.entries(template.Outputs)) {
        if (output.Condition !== undefined && !conditions[output.Condition]) continue;
        const value = evaluate(output.Value, ctx);
        const resolved: ResolvedOutput = { OutputKey: key, OutputValue: outputString(value) };
        if (output.Description !== undefined) resolved.Description = outputString(evaluate(output.Description, ctx));
        if (output.Export !== undefined) resolved.ExportName = outputString(evaluate(output.Export.Name, ctx));
        out.push(resolved);
      }
      return out;
    },
  };
}

function outputString(v: TemplateValue | typeof REMOVED): string {
  if (v === REMOVED) return '';
  if (Array.isArray(v)) return v.map((x) => outputString(x)).join(',');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}
