/**
 * Terraform's built-in functions (functions.ts), each checked against the example on its page of
 * https://developer.hashicorp.com/terraform/language/functions (format, formatlist, replace, substr, cidrsubnet,
 * cidrhost, cidrnetmask, cidrsubnets, base64encode, flatten, merge, lookup, zipmap, element, distinct, coalesce, regex,
 * regexall, trim*, title, split, sha256, md5, setproduct, chunklist, range, one), and how a failing call reads.
 */
import { describe, expect, it } from 'vitest';
import { ExpressionError, parseTemplate } from './expressions.js';
import { evaluate } from './evaluate.js';

const run = (src: string) =>
  evaluate(parseTemplate(`\${${src}}`), () => {
    throw new ExpressionError('no references here');
  });

describe('Terraform functions, as their documentation shows them', () => {
  it.each([
    ['format("Hello, %s!", "Ander")', 'Hello, Ander!'],
    ['format("There are %d lights", 4)', 'There are 4 lights'],
    ['formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])', ['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!']],
    ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
    ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
    ['substr("hello world", 1, 4)', 'ello'],
    ['cidrsubnet("172.16.0.0/12", 4, 2)', '172.18.0.0/16'],
    ['cidrsubnet("10.1.2.0/24", 4, 15)', '10.1.2.240/28'],
    ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
    ['cidrhost("10.12.112.0/20", 268)', '10.12.113.12'],
    ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
    ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
    ['base64encode("Hello World")', 'SGVsbG8gV29ybGQ='],
    ['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'],
    ['flatten([["a", "b"], [], ["c"]])', ['a', 'b', 'c']],
    ['merge({a="b", c="d"}, {e="f", c="z"})', { a: 'b', c: 'z', e: 'f' }],
    ['lookup({a="ay", b="bee"}, "c", "what?")', 'what?'],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ['element(["a", "b", "c"], 3)', 'a'],
    ['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']],
    ['coalesce("", "b")', 'b'],
    ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
    ['regex("^(?:(?P<scheme>[^:/?#]+):)?", "https://terraform.io")', { scheme: 'https' }],
    ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
    ['trimprefix("helloworld", "hello")', 'world'],
    ['trimsuffix("helloworld", "world")', 'hello'],
    ['trim("?!hello?!", "!?")', 'hello'],
    ['title("hello world")', 'Hello World'],
    ['split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']],
    ['sha256("hello world")', 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
    ['md5("hello world")', '5eb63bbbe01eeed093cb22bb8f5acdc3'],
    ['setproduct(["development", "staging"], ["app1", "app2"])', [['development', 'app1'], ['development', 'app2'], ['staging', 'app1'], ['staging', 'app2']]],
    ['chunklist(["a", "b", "c", "d", "e"], 2)', [['a', 'b'], ['c', 'd'], ['e']]],
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['one([])', null],
    ['tonumber("1")', 1],
    ['tobool("true")', true],
    ['can(tonumber("x"))', false],
    ['jsondecode(jsonencode({hello = "world"})).hello', 'world'],
    ['keys({a=1, c=2, d=3})', ['a', 'c', 'd']],
    ['length("hello")', 5],
  ])('%s', (src, value) => {
    expect(run(src)).toEqual(value);
  });

  it('a failing call reads as Terraform words it', () => {
    expect(() => run('lookup({a = 1}, "b")')).toThrow(new ExpressionError('Call to function "lookup" failed: lookup failed to find key "b".'));
    expect(() => run('nope(1)')).toThrow(new ExpressionError('Call to unknown function: There is no function named "nope".'));
  });
});
