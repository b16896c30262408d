/**
 * The wildcard matcher (glob.ts): IAM's `*` and `?` semantics, ArnLike's part-wise matching, and the linear-time
 * guarantee issue 13 asks for (item 3).
 * Semantics: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { compileArnGlob, compileGlob, compileGlobParts, foldCase } from './glob.js';

const glob = (p: string, v: string, ignoreCase = false): boolean => compileGlob(p, ignoreCase)(v);
const arn = (p: string, v: string): boolean => compileArnGlob([{ text: p, literal: false }])(v);

describe('compileGlob', () => {
  it('matches exact text, prefixes, suffixes and infixes', () => {
    expect(glob('s3:getobject', 's3:getobject')).toBe(true);
    expect(glob('s3:getobject', 's3:getobjec')).toBe(false);
    expect(glob('s3:get*', 's3:getobject')).toBe(true);
    expect(glob('s3:get*', 's3:put')).toBe(false);
    expect(glob('*object', 's3:getobject')).toBe(true);
    expect(glob('*object', 's3:getobjects')).toBe(false);
    expect(glob('arn:aws:iam::*:role/deploy', 'arn:aws:iam::222222222222:role/deploy')).toBe(true);
    expect(glob('arn:aws:iam::*:role/deploy', 'arn:aws:iam::222222222222:role/deployer')).toBe(false);
    expect(glob('a*b*c', 'abc')).toBe(true);
    expect(glob('a*b*c', 'axxbyyc')).toBe(true);
    expect(glob('a*b*c', 'axxcyyb')).toBe(false);
    expect(glob('a*b*b', 'ab')).toBe(false);
    expect(glob('ab*ba', 'aba')).toBe(false);
    expect(glob('ab*ba', 'abba')).toBe(true);
  });

  it('treats `*` as any run, the empty one included, and runs of stars as one', () => {
    expect(glob('*', '')).toBe(true);
    expect(glob('*', 'anything at all')).toBe(true);
    expect(glob('**', '')).toBe(true);
    expect(glob('a**b', 'ab')).toBe(true);
    expect(glob('*a*', 'a')).toBe(true);
    expect(glob('*a*', 'bbb')).toBe(false);
  });

  it('treats `?` as exactly one character', () => {
    expect(glob('?', 'x')).toBe(true);
    expect(glob('?', '')).toBe(false);
    expect(glob('?', 'xy')).toBe(false);
    expect(glob('b?t', 'bat')).toBe(true);
    expect(glob('b?t', 'bt')).toBe(false);
    expect(glob('*?', '')).toBe(false);
    expect(glob('*?', 'a')).toBe(true);
    expect(glob('?*?', 'a')).toBe(false);
    expect(glob('?*?', 'ab')).toBe(true);
    expect(glob('*a?c*', 'xxabcabdc')).toBe(true);
    expect(glob('*?a?', 'ba')).toBe(false);
    expect(glob('*x?y*z', 'x1x2yz')).toBe(true);
  });

  it('handles empty patterns and values', () => {
    expect(glob('', '')).toBe(true);
    expect(glob('', 'a')).toBe(false);
    expect(glob('a', '')).toBe(false);
    expect(glob('a*', '')).toBe(false);
    expect(glob('*a', '')).toBe(false);
  });

  it('takes regex metacharacters literally', () => {
    expect(glob('a.c', 'abc')).toBe(false);
    expect(glob('a.c', 'a.c')).toBe(true);
    expect(glob('(a|b)+$*', '(a|b)+$x')).toBe(true);
    expect(glob('[ab]*', 'a')).toBe(false);
    expect(glob('x\\*', 'x\\y')).toBe(true);
    expect(glob('line*end', 'line\nbreak\nend')).toBe(true);
  });

  it('counts multi-byte characters as one character each', () => {
    expect(glob('caf?', 'café')).toBe(true);
    expect(glob('?', '😀')).toBe(true);
    expect(glob('??', '😀')).toBe(false);
    expect(glob('*??', '😀')).toBe(false);
    expect(glob('a?b', 'a😀b')).toBe(true);
    expect(glob('*?b', '😀b')).toBe(true);
    expect(glob('?*', '😀')).toBe(true);
    expect(glob('*😀*', 'x😀y')).toBe(true);
    expect(glob('*?😀', 'ab😀')).toBe(true);
    expect(glob('日本*語', '日本の言語')).toBe(true);
    expect(glob('日?語', '日本語')).toBe(true);
  });

  it('is case-sensitive unless asked, and then folds both sides', () => {
    expect(glob('S3:Get*', 's3:getobject')).toBe(false);
    expect(glob('S3:Get*', 's3:getobject', true)).toBe(true);
    expect(glob('*OBJECT', 's3:getObject', true)).toBe(true);
    expect(glob('s3:?et*', 'S3:GETOBJECT', true)).toBe(true);
    expect(glob('ÉTÉ', 'été', true)).toBe(true);
    expect(glob('*Straße?', 'STRAßEN', true)).toBe(true);
    expect(glob('?', 'İ', true)).toBe(true);
    expect(foldCase('İx')).toBe('İx');
  });

  it('matches literal parts literally (substituted policy variables)', () => {
    const m = compileGlobParts(
      [
        { text: 'home/', literal: false },
        { text: 'a*b?', literal: true },
        { text: '/*', literal: false },
      ],
      false,
    );
    expect(m('home/a*b?/x')).toBe(true);
    expect(m('home/aXbY/x')).toBe(false);
  });
});

describe('compileArnGlob', () => {
  it('matches each of the first five parts on its own', () => {
    expect(arn('arn:aws:iam::*:role/deploy', 'arn:aws:iam::111111111111:role/deploy')).toBe(true);
    expect(arn('arn:aws:iam::*:role/*', 'arn:aws:iam::111111111111:role/a:b')).toBe(true);
    expect(arn('arn:aws:*:role/x', 'arn:aws:iam::111111111111:role/x')).toBe(false);
    expect(arn('arn:*:iam::111111111111:role/x', 'arn:aws:iam::111111111111:role/x')).toBe(true);
    expect(arn('arn:aws:s3:::b?', 'arn:aws:s3:::b1')).toBe(true);
    expect(arn('arn:aws:s3:::b?', 'arn:aws:s3:::b12')).toBe(false);
    expect(arn('arn:aws:s3:::*', 'arn:aws:s3:::a:b')).toBe(true);
    expect(arn('arn:a?s:s3:::*', 'arn:a:s:s3:::x')).toBe(false);
  });

  it('needs six parts on both sides', () => {
    expect(arn('*', 'arn:aws:s3:::b')).toBe(false);
    expect(arn('arn:aws:s3:::*', 'arn:aws:s3::b')).toBe(false);
    expect(arn('arn:aws:s3:::*', 'not-an-arn')).toBe(false);
  });

  it('takes substituted text literally, colons included', () => {
    const m = compileArnGlob([
      { text: 'arn:aws:s3:::b/', literal: false },
      { text: '*', literal: true },
    ]);
    expect(m('arn:aws:s3:::b/*')).toBe(true);
    expect(m('arn:aws:s3:::b/x')).toBe(false);
    const withColon = compileArnGlob([
      { text: 'arn:aws:', literal: false },
      { text: 's3:', literal: true },
      { text: '::*', literal: false },
    ]);
    expect(withColon('arn:aws:s3:::b')).toBe(true);
  });
});

/** The regex form the matcher replaced; harmless on the short inputs used here. */
function regexOracle(pattern: string, value: string): boolean {
  let src = '';
  for (const ch of pattern) src += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${src}$`, 's').test(value);
}

describe('agreement with a regular expression on small inputs', () => {
  it('agrees on every pattern and value over a small alphabet', () => {
    let seed = 13;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (alphabet: string, max: number): string =>
      Array.from({ length: rnd(max + 1) }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const p = word('ab*?', 7);
      const v = word('ab', 8);
      if (compileGlob(p, false)(v) !== regexOracle(p, v)) expect({ p, v, got: glob(p, v) }).toBe('agreement');
    }
  });
});

describe('linear time (issue 13, item 3)', () => {
  // The bound is the issue's own: "A test matches a 100-segment pattern against a 1,024-character key in under
  // 50 ms." It is the one timing assertion here; each shape below made the old RegExp-based matcher backtrack.
  const key = 'a'.repeat(1024);
  const shapes: Array<[string, string, string]> = [
    ['*a x100 then b', `${'*a'.repeat(100)}b`, key],
    ['*a x100 then *b', `${'*a'.repeat(100)}*b`, key],
    ['*? x100 then b', `${'*?'.repeat(100)}b`, key],
    ['*a? x100 then b', `${'*a?'.repeat(100)}b`, key],
    ['*aa x100 against ab repeated', `${'*aa'.repeat(100)}*c`, 'ab'.repeat(512)],
    ['a* x100 then b', `${'a*'.repeat(100)}b`, key],
    ['prefix, 100 stars, suffix', `a${'*a'.repeat(99)}*ab`, `${'a'.repeat(1023)}c`],
  ];
  for (const [name, pattern, value] of shapes) {
    it(`${name}: under 50 ms for a 1,024-character key`, () => {
      const match = compileGlob(pattern, false);
      const arnMatch = compileArnGlob([{ text: `arn:aws:s3:::${pattern}`, literal: false }]);
      const start = performance.now();
      const plain = match(value);
      const folded = compileGlob(pattern.toUpperCase(), true)(value);
      const asArn = arnMatch(`arn:aws:s3:::${value}`);
      const elapsed = performance.now() - start;
      expect(plain).toBe(folded);
      expect(plain).toBe(asArn);
      expect(elapsed).toBeLessThan(50);
    });
  }

  it('still finds the match when there is one', () => {
    expect(compileGlob(`${'*a'.repeat(100)}b`, false)(`${'a'.repeat(1023)}b`)).toBe(true);
    expect(compileGlob(`${'*a'.repeat(100)}b`, false)(key)).toBe(false);
  });
});

describe('linear time through the policy engine (issue 13, item 3)', () => {
  // The reproduction from the issue, at the size: a 100-segment pattern in every place a policy takes a
  // wildcard, against a 1,024-character key; the bound of 50 ms applies to each decision.
  const pattern = `${'*a'.repeat(100)}b`;
  const key = 'a'.repeat(1024);
  const statement = (extra: object): object => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', ...extra }] });
  const policies: Array<[string, object]> = [
    ['Resource', statement({ Resource: `arn:aws:s3:::b/${pattern}` })],
    ['Resource with a policy variable', statement({ Resource: `arn:aws:s3:::b/\${aws:username}${pattern}` })],
    ['StringLike', statement({ Resource: '*', Condition: { StringLike: { 's3:prefix': pattern } } })],
    ['StringLike with a policy variable', statement({ Resource: '*', Condition: { StringLike: { 's3:prefix': `\${aws:username}${pattern}` } } })],
    ['ArnLike', statement({ Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${pattern}` } } })],
    ['ArnLike with a policy variable', statement({ Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::\${aws:username}${pattern}` } } })],
    ['NotAction', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: `s3:${pattern}`, Resource: '*' }] }],
  ];
  for (const [name, document] of policies) {
    it(`${name}: decided in under 50 ms`, () => {
      const start = performance.now();
      const d = evaluate({
        principal: { arn: 'arn:aws:iam::111111111111:user/a', type: 'User', account: '111111111111', username: 'a' },
        action: 's3:GetObject',
        resource: `arn:aws:s3:::b/${key}`,
        resourceAccount: '111111111111',
        context: { 's3:prefix': key, 'aws:SourceArn': `arn:aws:s3:::${key}` },
        identityPolicies: [{ name: 'p', document }],
      });
      const elapsed = performance.now() - start;
      expect(d.decision).toBe(name === 'NotAction' ? 'allowed' : 'implicitDeny');
      expect(elapsed).toBeLessThan(50);
    });
  }
});
