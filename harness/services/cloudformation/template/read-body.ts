/**
 * Template body → plain JSON value. JSON bodies (first non-blank character `{`) are read as JSON, anything
 * else as YAML with CloudFormation's short-form tags turned into their long forms (`!Ref X` → `{"Ref": "X"}`).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 *
 * Deviations: the JSON error's "(line, column)" comes from our own scanner and may differ by a character from
 * CloudFormation's; an unknown `!Tag` is reported as YAML not well-formed (CloudFormation's exact
 * wording for it is not recorded). Duplicate mapping keys are accepted, last one wins, as CloudFormation does.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ValidationError } from '../errors.js';
import { jsonErrorOffset } from './json-error-offset.js';
import type { TemplateValue } from './types.js';

const YAML_NOT_WELL_FORMED = 'Template format error: YAML not well-formed.';

/** Short-form tag → long-form key. `!GetAtt A.B` additionally splits its scalar. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

export function readTemplateBody(body: string): TemplateValue {
  if (body.trimStart().startsWith('{')) return readJson(body);
  return readYaml(body);
}

function readJson(body: string): TemplateValue {
  try {
    return JSON.parse(body) as TemplateValue;
  } catch {
    const offset = jsonErrorOffset(body) ?? body.length;
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw ValidationError(`Template format error: JSON not well-formed. (line ${line}, column ${column})`);
  }
}

function readYaml(body: string): TemplateValue {
  const doc = parseDocument(body, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) throw ValidationError(YAML_NOT_WELL_FORMED);
  if (doc.contents === null) throw ValidationError(YAML_NOT_WELL_FORMED);
  return toValue(doc.contents, doc, 0);
}

function toValue(node: unknown, doc: Document, depth: number): TemplateValue {
  // Aliases can be chained; the depth cap turns a pathological document into a format error, not a stack overflow.
  if (depth > 200) throw ValidationError(YAML_NOT_WELL_FORMED);
  if (isAlias(node)) return toValue(node.resolve(doc), doc, depth + 1);
  let value: TemplateValue;
  if (isMap(node)) {
    const out: { [key: string]: TemplateValue } = {};
    for (const pair of node.items) {
      const key = pair.key === null ? '' : toValue(pair.key, doc, depth + 1);
      out[typeof key === 'string' ? key : JSON.stringify(key)] = pair.value === null ? null : toValue(pair.value, doc, depth + 1);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item) => (item === null ? null : toValue(item, doc, depth + 1)));
  } else if (isScalar(node)) {
    value = scalarValue(node.value);
  } else {
    throw ValidationError(YAML_NOT_WELL_FORMED);
  }
  const tag = (node as Node).tag;
  if (tag === undefined || tag.startsWith('tag:yaml.org,2002:')) return value;
  return applyShortForm(tag, value);
}

function scalarValue(v: unknown): TemplateValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function applyShortForm(tag: string, value: TemplateValue): TemplateValue {
  const longForm = SHORT_FORMS[tag];
  if (longForm === undefined) throw ValidationError(YAML_NOT_WELL_FORMED);
  // `!GetAZs` with nothing after it means the stack's region, like `!GetAZs ''`.
  if (value === null) value = '';
  if (longForm === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [longForm]: value };
}
