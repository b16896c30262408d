/**
 * Wildcard matching as IAM does it for Action, Resource and StringLike/ArnLike values:
 * `*` matches any run of characters (including none), `?` exactly one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 * ArnLike/ArnEquals match each of the first five colon-separated ARN parts on its own (a wildcard there never
 * spans `:`); the sixth part (the resource) may contain colons:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 *
 * Matching is linear in the worst case, O(pattern x value), whatever the pattern: no backtracking regular
 * expression is ever built from policy text (a pattern like `*a*a*a*a*b` froze the server). A pattern is split at
 * its `*`s into fixed-width segments; the first is anchored at the start, the last at the end, and each middle
 * one is taken at its leftmost occurrence, which leaves the most room for the rest and so never needs to be
 * revisited. Exact, `*`, `prefix*` and `*suffix` patterns skip even that.
 *
 * `?` stands for one Unicode character (code point), so it matches an emoji as a whole; AWS does not document
 * how it counts characters outside the BMP. Case-insensitive matching folds each character to lower case on
 * both sides (a character whose lower case is longer than one character is kept as it is).
 * Known deviation: outside ArnLike a `*` may span `:` (as in AWS's Resource matching).
 */

export type Matcher = (value: string) => boolean;

/** A piece of a pattern: text whose `*` and `?` are wildcards, or text matched literally (a substituted variable). */
export interface GlobPart {
  text: string;
  literal: boolean;
}

const STAR = -1;
const ONE = -2;
/** A parsed pattern: literal strings, STAR and ONE, with adjacent literals merged. */
type Token = string | typeof STAR | typeof ONE;
/** A run between two stars: literal strings and counts of `?`. */
type Item = string | number;

interface Segment {
  items: Item[];
  /** The whole segment when it has no `?`. */
  literal?: string;
  /** Width in characters (code points). */
  chars: number;
}

const MATCH_ALL: Matcher = () => true;
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-cases character by character, so folding never changes the number of characters. */
export function foldCase(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Code units taken by the character at i (2 for a surrogate pair). */
function widthAt(v: string, i: number): number {
  return isHigh(v.charCodeAt(i)) && isLow(v.charCodeAt(i + 1)) ? 2 : 1;
}

function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += widthAt(s, i)) n++;
  return n;
}

function tokenize(parts: readonly GlobPart[], ignoreCase: boolean): Token[] {
  const out: Token[] = [];
  const push = (lit: string): void => {
    if (lit === '') return;
    const last = out[out.length - 1];
    if (typeof last === 'string') out[out.length - 1] = last + lit;
    else out.push(lit);
  };
  for (const part of parts) {
    const text = ignoreCase ? foldCase(part.text) : part.text;
    if (part.literal) {
      push(text);
      continue;
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '*' && c !== '?') continue;
      push(text.slice(start, i));
      start = i + 1;
      if (c === '?') out.push(ONE);
      else if (out[out.length - 1] !== STAR) out.push(STAR);
    }
    push(text.slice(start));
  }
  return out;
}

function segmentOf(tokens: readonly Token[]): Segment {
  const items: Item[] = [];
  let chars = 0;
  for (const t of tokens) {
    if (typeof t === 'string') {
      items.push(t);
      chars += charCount(t);
    } else {
      chars++;
      const last = items[items.length - 1];
      if (typeof last === 'number') items[items.length - 1] = last + 1;
      else items.push(1);
    }
  }
  const seg: Segment = { items, chars };
  if (items.every((x) => typeof x === 'string')) seg.literal = items.join('');
  return seg;
}

/** Where the segment ends when it starts at i and stays within limit; -1 when it does not match there. */
function matchAt(seg: Segment, v: string, i: number, limit: number): number {
  for (const item of seg.items) {
    if (typeof item === 'string') {
      if (i + item.length > limit || !v.startsWith(item, i)) return -1;
      i += item.length;
    } else {
      for (let k = 0; k < item; k++) {
        if (i >= limit) return -1;
        i += widthAt(v, i);
      }
    }
  }
  return i;
}

/** The end of the leftmost match of seg starting at or after from and ending by limit; -1 when none. */
function findFrom(seg: Segment, v: string, from: number, limit: number): number {
  if (seg.literal !== undefined) {
    const at = v.indexOf(seg.literal, from);
    return at === -1 || at + seg.literal.length > limit ? -1 : at + seg.literal.length;
  }
  const lead = seg.items[0];
  if (typeof lead === 'string') {
    for (let at = v.indexOf(lead, from); at !== -1 && at + lead.length <= limit; at = v.indexOf(lead, at + 1)) {
      const end = matchAt(seg, v, at, limit);
      if (end !== -1) return end;
    }
    return -1;
  }
  for (let at = from; at < limit; at += widthAt(v, at)) {
    const end = matchAt(seg, v, at, limit);
    if (end !== -1) return end;
  }
  return -1;
}

/** Where a match of seg must start so that it ends at v's end; -1 when v is too short. */
function suffixStart(seg: Segment, v: string): number {
  if (seg.literal !== undefined) return v.length - seg.literal.length;
  let at = v.length;
  for (let k = 0; k < seg.chars; k++) {
    if (at <= 0) return -1;
    at -= at >= 2 && isLow(v.charCodeAt(at - 1)) && isHigh(v.charCodeAt(at - 2)) ? 2 : 1;
  }
  return at;
}

function compileTokens(tokens: Token[], ignoreCase: boolean): Matcher {
  const fold = ignoreCase ? foldCase : (v: string) => v;
  const stars = tokens.filter((t) => t === STAR).length;
  if (stars === tokens.length && stars > 0) return MATCH_ALL;
  const hasOne = tokens.includes(ONE);
  if (!hasOne) {
    const lit = tokens.find((t): t is string => typeof t === 'string') ?? '';
    if (stars === 0) return ignoreCase ? (v) => v.length === lit.length && foldCase(v) === lit : (v) => v === lit;
    if (tokens.length === 2 && tokens[1] === STAR) return (v) => fold(v).startsWith(lit);
    if (tokens.length === 2 && tokens[0] === STAR) return (v) => fold(v).endsWith(lit);
  }
  const segments: Segment[] = [];
  let run: Token[] = [];
  for (const t of tokens) {
    if (t === STAR) {
      segments.push(segmentOf(run));
      run = [];
    } else run.push(t);
  }
  segments.push(segmentOf(run));
  const first = segments[0]!;
  if (segments.length === 1) {
    return (raw) => {
      const v = fold(raw);
      return matchAt(first, v, 0, v.length) === v.length;
    };
  }
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1);
  return (raw) => {
    const v = fold(raw);
    const pos = first.items.length === 0 ? 0 : matchAt(first, v, 0, v.length);
    if (pos === -1) return false;
    let limit = v.length;
    if (last.items.length > 0) {
      limit = suffixStart(last, v);
      if (limit < pos || matchAt(last, v, limit, v.length) !== v.length) return false;
    }
    let at = pos;
    for (const seg of middle) {
      at = findFrom(seg, v, at, limit);
      if (at === -1) return false;
    }
    return true;
  };
}

/** A matcher for a pattern made of wildcard text and literal (substituted) text. */
export function compileGlobParts(parts: readonly GlobPart[], ignoreCase: boolean): Matcher {
  return compileTokens(tokenize(parts, ignoreCase), ignoreCase);
}

export function compileGlob(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return MATCH_ALL;
  return compileGlobParts([{ text: pattern, literal: false }], ignoreCase);
}

/** Splits parts at every `:` (wildcard or literal text alike), keeping which text was literal. */
function splitAtColons(parts: readonly GlobPart[]): GlobPart[][] {
  const groups: GlobPart[][] = [[]];
  for (const part of parts) {
    const pieces = part.text.split(':');
    pieces.forEach((text, i) => {
      if (i > 0) groups.push([]);
      groups[groups.length - 1]!.push({ text, literal: part.literal });
    });
  }
  return groups;
}

/**
 * ArnLike/ArnEquals (case-sensitive): the value needs at least six colon-separated parts; the first five match the
 * pattern's first five one by one, the rest (colons included) matches the pattern's rest. A pattern with fewer than
 * six parts matches nothing.
 */
export function compileArnGlob(parts: readonly GlobPart[]): Matcher {
  const groups = splitAtColons(parts);
  if (groups.length < 6) return () => false;
  const head = groups.slice(0, 5).map((g) => compileGlobParts(g, false));
  const tail = compileGlobParts(
    groups.slice(5).flatMap((g, i) => (i === 0 ? g : [{ text: ':', literal: true }, ...g])),
    false,
  );
  return (v) => {
    let from = 0;
    for (const m of head) {
      const colon = v.indexOf(':', from);
      if (colon === -1 || !m(v.slice(from, colon))) return false;
      from = colon + 1;
    }
    return tail(v.slice(from));
  };
}
