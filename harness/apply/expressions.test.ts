/**
 * Terraform JSON string templates and the HCL expression subset
 * (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping), and jsonencode's output
 * (https://developer.hashicorp.com/terraform/language/functions/jsonencode: keys sorted, <>& escaped).
 */
import { describe, expect, it } from 'vitest';
import { ExpressionError, parseTemplate, type Expr, type Value } from './expressions.js';
import { evaluate, terraformJsonEncode } from './evaluate.js';

const refs: Record<string, Value> = {
  'aws_kms_key.k': { arn: 'arn:aws:kms:us-east-1:111111111111:key/k1', key_id: 'k1' },
  'var.n': 3,
  'var.region': 'eu-west-1',
};
const resolve = (t: Extract<Expr, { kind: 'traversal' }>): Value => {
  const [first, ...rest] = t.steps.map((s) => ('attr' in s ? s.attr : evaluate(s.index, resolve)));
  let v = refs[`${t.root}.${first}`];
  for (const s of rest) {
    if (!(String(s) in (v as Record<string, Value>))) throw new ExpressionError(`no attribute "${String(s)}"`);
    v = (v as Record<string, Value>)[String(s)];
  }
  return v;
};
const run = (s: string) => evaluate(parseTemplate(s), resolve);

describe('templates and expressions', () => {
  it('keeps plain strings, unescapes $${ and interpolates references', () => {
    expect(run('plain')).toBe('plain');
    expect(run('literal $${aws:username}')).toBe('literal ${aws:username}');
    expect(run('${aws_kms_key.k.arn}/*')).toBe('arn:aws:kms:us-east-1:111111111111:key/k1/*');
    expect(run('${aws_kms_key.k["key_id"]}')).toBe('k1');
  });

  it('a template that is one interpolation yields the typed value', () => {
    expect(run('${var.n}')).toBe(3);
    expect(run('n=${var.n}')).toBe('n=3');
  });

  it('evaluates cdktf jsonencode with HCL objects, tuples, escapes and references', () => {
    const src = '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Resource" = aws_kms_key.k.arn, "N" = 1, "B" = true, "Q" = "a\\"b\\n$${x}"}]})}';
    expect(run(src)).toBe(
      '{"Statement":[{"B":true,"N":1,"Q":"a\\"b\\n${x}","Resource":"arn:aws:kms:us-east-1:111111111111:key/k1"}],"Version":"2012-10-17"}',
    );
  });

  it('jsonencode sorts keys and escapes like Terraform', () => {
    expect(terraformJsonEncode({ b: '<&>', a: [1, null, false] })).toBe('{"a":[1,null,false],"b":"\\u003c\\u0026\\u003e"}');
  });

  it('accepts identifier keys and colons in objects, nested calls and parentheses', () => {
    expect(run('${jsonencode({a: (1), b = lower("X")})}')).toBe('{"a":1,"b":"x"}');
  });

  it.each([
    ['%{ if true }x', 'unterminated %{ if } in a template: expected %{ endif }'],
    ['%{ while true }x', 'invalid template directive "while"'],
    ['${aws_kms_key.k.arn', 'unexpected end of expression (expected "}")'],
  ])('rejects %s', (src, message) => {
    expect(() => parseTemplate(src)).toThrow(ExpressionError);
    expect(() => parseTemplate(src)).toThrow(message);
  });

  it.each([
    ['${var.n > 1 ? "a" : "b"}', 'a'],
    ['${true ? 1 : 2}', 1],
    ['${!(var.n == 3) || var.n >= 4}', false],
    ['${var.n * 2 + 1 - 4 / 2 % 3}', 5],
    ['${-var.n}', -3],
    ['${[for x in ["a", "b"] : upper(x) if x != "b"]}', ['A']],
    ['${{for i, x in ["a", "b"] : x => i}}', { a: 0, b: 1 }],
    ['${{for x in ["a", "b", "a"] : x => x...}}', { a: ['a', 'a'], b: ['b'] }],
    ['${[{ k = 1 }, { k = 2 }][*].k}', [1, 2]],
    ['${jsondecode("[{\\"k\\":1}]").*.k}', [1]],
    ['${split(",", "a,b")[1]}', 'b'],
    ['${try(aws_kms_key.k.nope, "fallback")}', 'fallback'],
    ['${can(aws_kms_key.k.arn)}', true],
    ['${replace(var.region, "-", "")}', 'euwest1'],
    ['${replace("a1b22", "/[0-9]+/", "#")}', 'a#b#'],
    // https://developer.hashicorp.com/terraform/language/expressions/strings#directives
    ['Hello, %{ if var.n == 3 }three%{ else }other%{ endif }!', 'Hello, three!'],
    ['%{ for i, x in ["a", "b"] }${i}=${x};%{ endfor }', '0=a;1=b;'],
    ['[\n  %{~ for x in ["a", "b"] ~}\n  ${x}\n  %{~ endfor ~}\n]', '[ab]'],
    ['${~ "x" ~}', 'x'],
  ])('evaluates %s', (src, value) => {
    expect(run(src)).toEqual(value);
  });

  it('refuses null and objects inside string templates, as Terraform does', () => {
    expect(() => evaluate(parseTemplate('x${jsondecode("null")}'), resolve)).toThrow('invalid template interpolation value: jsondecode(...) is null');
    expect(() => evaluate(parseTemplate('x${aws_kms_key.k}'), resolve)).toThrow(
      'cannot include aws_kms_key.k in a string template: string required, got an object',
    );
  });
});
