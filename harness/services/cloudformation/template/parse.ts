/**
 * parseTemplate: a template body (JSON or YAML) → a checked `Template`, refusing what CloudFormation refuses
 * before any stack exists (CreateStack, CreateChangeSet and ValidateTemplate share these checks).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html
 *
 * Deviations: AWS's order among several simultaneous problems is not known; checks run in the order below.
 * Templates with a Transform section or an Fn::Transform are checked leniently here (references to what the
 * transform generates are not checked); the service checks the processed template again (transforms/expand.ts).
 */
import { buildDependencyGraph, collectReferences, creationOrder, dependsOnList, getAttTarget } from './dependencies.js';
import { ValidationError } from '../errors.js';
import { PARAMETER_PROPERTIES, checkParameterType } from './parameter-types.js';
import { PSEUDO_PARAMETER_NAMES } from './pseudo.js';
import { readTemplateBody } from './read-body.js';
import type { Template, TemplateValue } from './types.js';
import { SUPPORTED_FUNCTIONS, asIntrinsic, isObject, subVariables, visit, type TemplateObject } from './walk.js';

const TOP_LEVEL_KEYS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs', 'Hooks',
]);
/** Logical ids of resources and parameters (AWS's words recorded in LocalStack's test_resources.snapshot.json). */
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy',
  'CreationPolicy', 'Metadata', 'Version',
]);

export function parseTemplate(body: string): Template {
  const raw = readTemplateBody(body);
  if (!isObject(raw)) throw ValidationError('Template format error: YAML not well-formed.');
  return checkTemplate(raw);
}

/** The static checks on an already-decoded template object (e.g. one stored by a previous CreateStack). */
export function checkTemplate(raw: TemplateObject): Template {
  // SAM's Globals section is legal only under the Serverless transform, which expands it away.
  const sam = JSON.stringify(raw.Transform ?? '').includes('AWS::Serverless');
  const unknownTop = Object.keys(raw).filter((k) => !TOP_LEVEL_KEYS.has(k) && !(sam && k === 'Globals'));
  if (unknownTop.length > 0) throw ValidationError(`Invalid template property or properties [${unknownTop.join(', ')}]`);
  if (raw.AWSTemplateFormatVersion !== undefined && String(raw.AWSTemplateFormatVersion) !== '2010-09-09') {
    throw ValidationError('Template format error: unsupported value for AWSTemplateFormatVersion.');
  }
  checkNulls(raw);

  const resources = raw.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    throw ValidationError('Template format error: At least one Resources member must be defined.');
  }
  for (const [id, resource] of Object.entries(resources)) {
    // What an Fn::Transform (AWS::Include) will put here is checked once the transform has run.
    if (id === 'Fn::Transform' || (isObject(resource) && 'Fn::Transform' in resource)) continue;
    if (!ALPHANUMERIC.test(id)) throw ValidationError(`Template format error: Resource name ${id} is non alphanumeric.`);
    if (!isObject(resource)) throw ValidationError('Template format error: Every Resources member must be an object.');
    if (resource.Type === undefined) {
      throw ValidationError(`Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`);
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) throw ValidationError(`Invalid template resource property '${key}'`);
    }
    if (resource.Condition !== undefined && typeof resource.Condition !== 'string') {
      throw ValidationError('Template format error: Every Condition member must be a string.');
    }
  }

  const parameters = sectionObject(raw, 'Parameters');
  for (const [name, decl] of Object.entries(parameters)) {
    if (!ALPHANUMERIC.test(name)) throw ValidationError(`Template format error: Parameter name ${name} is non alphanumeric.`);
    if (!isObject(decl)) throw ValidationError('Template format error: Every Parameters member must be an object.');
    if (decl.Type === undefined) throw ValidationError('Template format error: Every Parameters object must contain a Type member.');
    for (const key of Object.keys(decl)) {
      if (!PARAMETER_PROPERTIES.has(key)) throw ValidationError(`Invalid template parameter property '${key}'`);
    }
    checkParameterType(name, String(decl.Type));
  }

  const mappings = sectionObject(raw, 'Mappings');
  for (const [name, mapping] of Object.entries(mappings)) {
    if (!isObject(mapping)) throw ValidationError(`Template format error: Every Mappings member ${name} must be a map`);
    for (const [key, attrs] of Object.entries(mapping)) {
      if (!isObject(attrs)) throw ValidationError(`Template format error: Every Mappings member ${key} must be a map`);
    }
  }

  const outputs = sectionObject(raw, 'Outputs');
  for (const output of Object.values(outputs)) {
    if (!isObject(output) || output.Value === undefined) {
      throw ValidationError('Template format error: Every Outputs member must contain a Value object');
    }
  }

  const template = raw as unknown as Template;
  template.Parameters = parameters as unknown as Template['Parameters'];
  template.Mappings = mappings as unknown as Template['Mappings'];
  template.Conditions = sectionObject(raw, 'Conditions');
  template.Outputs = outputs as unknown as Template['Outputs'];

  const transformed = hasTransform(raw);
  checkFunctions(template);
  checkConditionReferences(template);
  if (!transformed) checkReferences(template);
  creationOrder(buildDependencyGraph(template));
  return template;
}

/** A Transform section or an Fn::Transform anywhere: the template is checked fully once processed. */
export function hasTransform(raw: TemplateObject): boolean {
  return raw.Transform !== undefined || JSON.stringify(raw).includes('"Fn::Transform"');
}

function sectionObject(raw: TemplateObject, name: string): TemplateObject {
  const section = raw[name];
  if (section === undefined) return {};
  if (!isObject(section)) throw ValidationError(`Template format error: ${name} must be an object`);
  return section;
}

function checkNulls(raw: TemplateObject): void {
  visit(raw, '', (node, path) => {
    if (node === null) throw ValidationError(`[${path}] 'null' values are not allowed in templates`);
  });
}

function checkFunctions(template: Template): void {
  const sections: TemplateValue[] = [
    template.Resources as unknown as TemplateValue, template.Outputs as unknown as TemplateValue, template.Conditions,
  ];
  for (const section of sections) {
    visit(section, '', (node) => {
      const fn = asIntrinsic(node);
      if (!fn || fn.name === 'Fn::Transform') return;
      if (!(SUPPORTED_FUNCTIONS as readonly string[]).includes(fn.name)) {
        throw ValidationError(
          `Template Error: Encountered unsupported function: ${fn.name} Supported functions are: [${SUPPORTED_FUNCTIONS.join(', ')}]`,
        );
      }
      if (fn.name === 'Fn::Sub') {
        const text = Array.isArray(fn.arg) ? fn.arg[0] : fn.arg;
        if (typeof text === 'string' && subVariables(text).some((v) => !/^[A-Za-z0-9_.:]+$/.test(v))) {
          throw ValidationError(
            'Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons',
          );
        }
      }
      if (fn.name === 'Fn::GetAtt' && !getAttTarget(fn.arg)) {
        throw ValidationError(
          'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
        );
      }
    });
  }
}

/** Conditions may only use parameters and pseudo parameters, and must name existing conditions. */
function checkConditionReferences(template: Template): void {
  const conditionNames = new Set(Object.keys(template.Conditions));
  const bad: string[] = [];
  for (const condition of Object.values(template.Conditions)) {
    for (const ref of collectReferences(condition)) {
      if (!(ref.name in template.Parameters) && !PSEUDO_PARAMETER_NAMES.has(ref.name) && !bad.includes(ref.name)) {
        bad.push(ref.name);
      }
    }
  }
  if (bad.length > 0) {
    throw ValidationError(
      `Template format error: Unresolved dependencies [${bad.join(', ')}]. Cannot reference resources in the Conditions block of the template`,
    );
  }
  const checkIf = (value: TemplateValue) =>
    visit(value, '', (node) => {
      const fn = asIntrinsic(node);
      if (fn?.name === 'Fn::If' && Array.isArray(fn.arg) && typeof fn.arg[0] === 'string' && !conditionNames.has(fn.arg[0])) {
        throw ValidationError(`Template error: unresolved condition dependency ${fn.arg[0]} in Fn::If`);
      }
      if (fn?.name === 'Condition' && typeof fn.arg === 'string' && !conditionNames.has(fn.arg)) {
        throw ValidationError(`Template error: unresolved condition dependency ${fn.arg} in Fn::If`);
      }
    });
  checkIf(template.Conditions);
  checkIf(template.Resources as unknown as TemplateValue);
  checkIf(template.Outputs as unknown as TemplateValue);
  const unknownResourceConditions: string[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Condition !== undefined && !conditionNames.has(resource.Condition)) unknownResourceConditions.push(resource.Condition);
  }
  if (unknownResourceConditions.length > 0) {
    throw ValidationError(
      `Template format error: Unresolved condition dependencies [${unknownResourceConditions.join(', ')}] in the Resources block of the template`,
    );
  }
  for (const output of Object.values(template.Outputs)) {
    if (output.Condition !== undefined && !conditionNames.has(output.Condition)) {
      throw ValidationError(
        `Template format error: Unresolved condition dependencies [${output.Condition}] in the Outputs block of the template`,
      );
    }
  }
}

/** Every Ref / GetAtt / Sub variable / DependsOn must name a parameter, pseudo parameter or resource. */
function checkReferences(template: Template): void {
  const resourceIds = new Set(Object.keys(template.Resources));
  const known = (name: string) => resourceIds.has(name) || Object.hasOwn(template.Parameters, name) || PSEUDO_PARAMETER_NAMES.has(name);
  const unresolvedIn = (value: TemplateValue, extra: string[], into: string[]) => {
    for (const ref of collectReferences(value)) {
      if (ref.kind === 'GetAtt' && !resourceIds.has(ref.name)) {
        throw ValidationError(`Template error: instance of Fn::GetAtt references undefined resource ${ref.name}`);
      }
      if (!known(ref.name) && !into.includes(ref.name)) into.push(ref.name);
    }
    for (const name of extra) if (!resourceIds.has(name) && !into.includes(name)) into.push(name);
  };
  const report = (unresolved: string[], block: string) => {
    if (unresolved.length === 0) return;
    throw ValidationError(
      `Template format error: Unresolved resource dependencies [${unresolved.join(', ')}] in the ${block} block of the template`,
    );
  };
  const inResources: string[] = [];
  for (const resource of Object.values(template.Resources)) {
    unresolvedIn((resource.Properties ?? {}) as TemplateValue, dependsOnList(resource), inResources);
  }
  report(inResources, 'Resources');
  const inOutputs: string[] = [];
  for (const output of Object.values(template.Outputs)) unresolvedIn(output as unknown as TemplateValue, [], inOutputs);
  report(inOutputs, 'Outputs');
}
