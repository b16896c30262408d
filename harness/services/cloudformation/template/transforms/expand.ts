/**
 * Template transforms, run in the order the Transform section lists them, then the inline Fn::Transform ones:
 * AWS::Serverless-2016-10-31 (serverless.ts), AWS::Include (a snippet read from S3 through the service's hook, at
 * the top level or in place of an Fn::Transform), and the account's own macros. xacct runs no Lambda function, so a
 * macro the account defines (an AWS::CloudFormation::Macro resource of a live stack) leaves the template as it is:
 * its resources are what they are, placeholders where xacct does not model them. A macro the account does not
 * define fails the operation.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-section-structure.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
 * Wordings: "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification document.
 * Number of errors found: 1. Resource with id [HelloWorldFunction] is invalid. 'CodeUri' is not a valid S3 Uri …"
 * (a change set's StatusReason quoted from AWS in the search corpus; the causes' words are samtranslator's);
 * "Transform AWS::Include failed with: S3 bucket [<bucket>] does not exist." (LocalStack's
 * test_change_sets.snapshot.json, test_describe_failed_change_set, recorded against AWS; the same "Transform <name>
 * failed with: <detail>" shape for macros in test_template_engine.snapshot.json, TestMacros::test_failed_state).
 * Known deviations: AWS reports a failed transform on the stack (ROLLBACK_IN_PROGRESS) or the change set (FAILED);
 * xacct refuses the call with ValidationError instead. The detail for an undefined macro, "No transform named
 * <account>::<name> found.", and for an S3 refusal other than a missing bucket (S3's own message) were not found
 * in any recorded AWS response; the refusal of AWS::LanguageExtensions is ours.
 */
import { ValidationError } from '../../errors.js';
import { readTemplateBody } from '../read-body.js';
import type { TemplateValue } from '../types.js';
import { isObject, type TemplateObject } from '../walk.js';
import { SamPolicyError } from './sam-policies.js';
import { InvalidServerlessDocument, SERVERLESS_TRANSFORM, expandServerless } from './serverless.js';

export const INCLUDE_TRANSFORM = 'AWS::Include';

export interface TransformHooks {
  accountId: string;
  partition: string;
  /** The text of the S3 object an AWS::Include Location names; throws an Error whose message is the detail. */
  readInclude(location: string): Promise<string>;
  /** Whether the account (in the stack's Region) defines a macro of this name. */
  macroDefined(name: string): boolean;
  managedArn(name: string): string | undefined;
}

function failed(name: string, detail: string): Error {
  return ValidationError(`Transform ${name} failed with: ${detail}`);
}

function declared(t: TemplateValue | undefined): Array<{ name: string; parameters: TemplateObject }> {
  if (t === undefined) return [];
  return (Array.isArray(t) ? t : [t]).map((entry) => {
    if (typeof entry === 'string') return { name: entry, parameters: {} };
    if (isObject(entry) && typeof entry['Name'] === 'string') return { name: entry['Name'], parameters: isObject(entry['Parameters']) ? entry['Parameters'] : {} };
    throw ValidationError('Key Name of transform definition must be a string.');
  });
}

async function include(parameters: TemplateObject, hooks: TransformHooks): Promise<TemplateObject> {
  const location = parameters['Location'];
  if (typeof location !== 'string') throw failed(INCLUDE_TRANSFORM, 'Location must be a string.');
  let text: string;
  try {
    text = await hooks.readInclude(location);
  } catch (e) {
    throw failed(INCLUDE_TRANSFORM, e instanceof Error ? e.message : String(e));
  }
  const snippet = readTemplateBody(text);
  if (!isObject(snippet)) throw failed(INCLUDE_TRANSFORM, 'the snippet is not an object.');
  return snippet;
}

/**
 * Transforms CloudFormation hosts besides SAM and AWS::Include: their resources stay as written (placeholders where
 * xacct does not model them), except AWS::LanguageExtensions, whose functions (Fn::ForEach, Fn::Length…) xacct does
 * not evaluate: refused in our own words rather than as an unsupported function.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-reference.html
 */
const HOSTED = new Set(['AWS::SecretsManager-2020-07-23', 'AWS::SecretsManager-2024-09-16', 'AWS::CodeDeployBlueGreen', 'AWS::ServiceCatalog']);

function checkMacro(name: string, hooks: TransformHooks): void {
  if (name === 'AWS::LanguageExtensions') throw ValidationError('Transform AWS::LanguageExtensions is not supported by xacct');
  if (HOSTED.has(name)) return;
  if (!hooks.macroDefined(name)) throw failed(`${hooks.accountId}::${name}`, `No transform named ${hooks.accountId}::${name} found.`);
}

/** Replaces each `{ Fn::Transform: … }` object (AWS::Include: the snippet merged over its siblings). */
async function inline(v: TemplateValue, hooks: TransformHooks): Promise<TemplateValue> {
  if (Array.isArray(v)) return Promise.all(v.map((x) => inline(x, hooks)));
  if (!isObject(v)) return v;
  const out: TemplateObject = {};
  for (const [k, child] of Object.entries(v)) if (k !== 'Fn::Transform') out[k] = await inline(child, hooks);
  if (!('Fn::Transform' in v)) return out;
  for (const t of declared(v['Fn::Transform'])) {
    if (t.name === INCLUDE_TRANSFORM) Object.assign(out, await inline(await include(t.parameters, hooks), hooks));
    else checkMacro(t.name, hooks);
  }
  return out;
}

/** The processed template: every transform applied; `Transform` removed. */
export async function expandTransforms(template: TemplateObject, hooks: TransformHooks): Promise<TemplateObject> {
  let out: TemplateObject = { ...template };
  const transforms = declared(template['Transform']);
  delete out['Transform'];
  for (const t of transforms) {
    if (t.name === SERVERLESS_TRANSFORM) {
      try {
        out = expandServerless(out, { partition: hooks.partition, managedArn: hooks.managedArn });
      } catch (e) {
        if (e instanceof SamPolicyError) throw failed(SERVERLESS_TRANSFORM, new InvalidServerlessDocument([e.message]).message);
        if (e instanceof InvalidServerlessDocument) throw failed(SERVERLESS_TRANSFORM, e.message);
        throw e;
      }
    } else if (t.name === INCLUDE_TRANSFORM) {
      const snippet = await include(t.parameters, hooks);
      for (const [section, value] of Object.entries(snippet)) {
        const mine = out[section];
        out[section] = isObject(mine) && isObject(value) ? { ...mine, ...value } : value;
      }
    } else {
      checkMacro(t.name, hooks);
    }
  }
  return (await inline(out, hooks)) as TemplateObject;
}
