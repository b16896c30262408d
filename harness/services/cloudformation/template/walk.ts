/**
 * Helpers to recognise intrinsic functions in a template value and to visit them, shared by the static checks
 * (unsupported functions, references, nulls) and the dependency graph.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import type { TemplateValue } from './types.js';

/**
 * The list CloudFormation prints after "Supported functions are:", verbatim from a recorded error (see
 * template.test.ts). Fn::Transform is handled before this check, as CloudFormation expands macros first.
 */
export const SUPPORTED_FUNCTIONS = [
  'Fn::Base64', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join', 'Fn::Split', 'Fn::FindInMap',
  'Fn::Select', 'Ref', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Condition', 'Fn::And', 'Fn::Or', 'Fn::Contains',
  'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::ValueOf', 'Fn::ValueOfAll', 'Fn::RefAll', 'Fn::Sub', 'Fn::Cidr',
] as const;

export type TemplateObject = { [key: string]: TemplateValue };

export function isObject(v: TemplateValue | undefined): v is TemplateObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ "Fn::X": args }` or `{ "Ref": x }`: the single key and its argument, else undefined. */
export function asIntrinsic(v: TemplateValue | undefined): { name: string; arg: TemplateValue } | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const name = keys[0]!;
  if (name === 'Ref' || name === 'Condition' || /^fn::/i.test(name)) return { name, arg: v[name]! };
  return undefined;
}

/** Depth-first visit of every node with its JSON-pointer-like path. */
export function visit(v: TemplateValue, path: string, fn: (node: TemplateValue, path: string) => void): void {
  fn(v, path);
  if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${path}/${i}`, fn));
  else if (isObject(v)) for (const [k, child] of Object.entries(v)) visit(child, `${path}/${k}`, fn);
}

/** Variables named in an Fn::Sub string: `${Name}` and `${Res.Attr}`; `${!Literal}` is not a variable. */
export function subVariables(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = m[1]!;
    if (!inner.startsWith('!')) names.push(inner.trim());
  }
  return names;
}
