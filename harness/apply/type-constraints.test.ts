/**
 * Terraform's type constraints: parsing (HCL ext/typeexpr/get_type.go's wording), optional attributes' defaults
 * (ext/typeexpr/defaults.go, Terraform 1.3+), conversion and its errors in go-cty's words: cty/convert/mismatch_msg.go
 * (`attribute %q is required`, `attributes %q and %q are required`, `attribute %q: …`, `element %d: …`,
 * `%s required, but have %s`, `list of string required`, `tuple required`), cty/convert/conversion_primitive.go
 * (`a number is required`, `a bool is required; to convert from string, use lowercase "true"`), and
 * cty/convert/public_test.go (strings "1"/"0" convert to bools). The wrapping sentence is Terraform's
 * internal/terraform/eval_variable.go ("The given value is not suitable for %s declared at %s: %s.") and
 * internal/configs/named_values.go ("This default value is not compatible with the variable's type constraint: %s.").
 */
import { describe, expect, it } from 'vitest';
import { convertValue, parseTypeConstraint } from './type-constraints.js';
import { convertDefault, convertToType } from './plan-values.js';
import type { Value } from './expressions.js';

const conv = (v: Value, type: string) => convertValue(v, parseTypeConstraint(type));

// The declaration of terraform-aws-multi-account-pipeline's variable "build_override" (test/held-out/…/variables.tf).
const BUILD_OVERRIDE = `object({
    directory       = optional(string, ".")
    plan_buildspec  = optional(string)
    plan_image      = optional(string)
    apply_buildspec = optional(string)
    apply_image     = optional(string)
  })`;

describe('type constraints', () => {
  it('gives absent or null optional attributes their default or null, and drops undeclared attributes', () => {
    expect(conv({}, BUILD_OVERRIDE)).toEqual({ directory: '.', plan_buildspec: null, plan_image: null, apply_buildspec: null, apply_image: null });
    expect(conv({ directory: null, apply_image: 'img', extra: 1 }, BUILD_OVERRIDE)).toEqual({
      directory: '.',
      plan_buildspec: null,
      plan_image: null,
      apply_buildspec: null,
      apply_image: 'img',
    });
    // A top-level null stays null (defaults.go applies no defaults to a null value).
    expect(conv(null, BUILD_OVERRIDE)).toBeNull();
  });

  it('applies defaults recursively: nested objects, collections of objects, and an object default of its own', () => {
    const t = 'object({ a = optional(object({ b = optional(number, 1), c = optional(list(string), ["x"]) }), {}), l = optional(list(object({ n = optional(bool, true) })), []) })';
    expect(conv({}, t)).toEqual({ a: { b: 1, c: ['x'] }, l: [] });
    expect(conv({ a: { b: '7' }, l: [{}, { n: 'false' }] }, t)).toEqual({ a: { b: 7, c: ['x'] }, l: [{ n: true }, { n: false }] });
    expect(conv({ m: { k: {} } }, 'object({ m = map(object({ v = optional(string, "d") })) })')).toEqual({ m: { k: { v: 'd' } } });
  });

  it('converts primitives, collections and tuples as go-cty does', () => {
    expect(conv(5, 'string')).toBe('5');
    expect(conv(true, 'string')).toBe('true');
    expect(conv('1.5', 'number')).toBe(1.5);
    expect(conv('1', 'bool')).toBe(true);
    expect(conv('0', 'bool')).toBe(false);
    expect(conv([1, 'a'], 'list(string)')).toEqual(['1', 'a']);
    expect(conv(['a', 'a', 'b'], 'set(string)')).toEqual(['a', 'b']);
    expect(conv({ a: 1 }, 'map(string)')).toEqual({ a: '1' });
    expect(conv(['x', '2'], 'tuple([string, number])')).toEqual(['x', 2]);
    expect(conv([1, 'a'], 'list(any)')).toEqual(['1', 'a']);
    expect(conv({ a: [1], b: 'x' }, 'any')).toEqual({ a: [1], b: 'x' });
  });

  it('refuses in go-cty words: missing attributes, wrong kinds, nested paths, values', () => {
    const t = 'object({ vpc_id = string, subnets = list(string), security_group_ids = list(string) })';
    expect(() => conv({ vpc_id: 'v' }, t)).toThrow(/^attributes "security_group_ids" and "subnets" are required$/);
    expect(() => conv({}, t)).toThrow(/^attributes "security_group_ids", "subnets", and "vpc_id" are required$/);
    expect(() => conv({ subnets: [], security_group_ids: [] }, t)).toThrow(/^attribute "vpc_id" is required$/);
    expect(() => conv({ vpc_id: 'v', subnets: 's', security_group_ids: [] }, t)).toThrow(/^attribute "subnets": list of string required, but have string$/);
    expect(() => conv({ vpc_id: 'v', subnets: [{}], security_group_ids: [] }, t)).toThrow(/^attribute "subnets": element 0: string required, but have object$/);
    expect(() => conv('x', t)).toThrow(/^object required, but have string$/);
    expect(() => conv({ a: 'x' }, 'list(string)')).toThrow(/^list of string required$/);
    expect(() => conv(['x'], 'map(string)')).toThrow(/^map of string required$/);
    expect(() => conv({ k: [1] }, 'map(string)')).toThrow(/^element "k": string required, but have tuple$/);
    expect(() => conv([1, true], 'list(any)')).toThrow(/^all list elements must have the same type$/);
    expect(() => conv(['a'], 'tuple([string, number])')).toThrow(/^tuple required$/);
    expect(() => conv(true, 'number')).toThrow(/^number required, but have bool$/);
    // Value-level failures carry no path (cty's PathError prints its message only).
    expect(() => conv({ a: { b: 'x' } }, 'object({ a = object({ b = number }) })')).toThrow(/^a number is required$/);
    expect(() => conv('True', 'bool')).toThrow(/^a bool is required; to convert from string, use lowercase "true"$/);
    expect(() => conv('yes', 'bool')).toThrow(/^a bool is required$/);
  });

  it('refuses invalid type specifications in HCL typeexpr words', () => {
    expect(() => parseTypeConstraint('list')).toThrow('Invalid type specification: The list type constructor requires one argument specifying the element type.');
    expect(() => parseTypeConstraint('optional(string)')).toThrow('Invalid type specification: Keyword "optional" is valid only as a modifier for object type attributes.');
    expect(() => parseTypeConstraint('object({ a = optional(string, "x", "y") })')).toThrow(
      'Invalid type specification: Optional attribute modifier expects at most two arguments: the attribute type, and a default value.',
    );
    expect(() => parseTypeConstraint('object({ a = optional(number, "x") })')).toThrow(
      "Invalid default value for optional attribute: This default value is not compatible with the attribute's type constraint: a number is required.",
    );
    expect(() => parseTypeConstraint('strin')).toThrow('Invalid type specification: The keyword "strin" is not a valid type specification.');
  });

  it('wraps conversion failures of a variable and of its default in Terraform sentences', () => {
    expect(() => convertToType({ vpc_id: 'v' }, 'object({ vpc_id = string, subnets = list(string) })', 'module.apply.var.vpc')).toThrow(
      'Invalid value for input variable: The given value is not suitable for module.apply.var.vpc declared at its variable block: attribute "subnets" is required.',
    );
    expect(convertDefault({ name: 'b', type: BUILD_OVERRIDE, decl: { default: {} } })).toMatchObject({ directory: '.', apply_image: null });
    expect(() => convertDefault({ name: 'n', type: 'number', decl: { default: 'ten' } })).toThrow(
      "Invalid default value for variable: This default value is not compatible with the variable's type constraint: a number is required.",
    );
  });
});
