/**
 * Wildcard matching as IAM does it for Action, Resource and StringLike/ArnLike values:
 * `*` matches any run of characters (including none), `?` exactly one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 * Patterns compile once to a predicate; exact, `*` and `prefix*` patterns avoid RegExp entirely.
 * Known deviation: a `*` in an ARN pattern may span `:` here; IAM documents segment-wise matching only for ArnLike.
 */

export type Matcher = (value: string) => boolean;

const MATCH_ALL: Matcher = () => true;
const REGEX_SPECIALS = /[.+^${}()|[\]\\*?]/g;

/** Escapes text so it matches itself inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** Regex source for a policy pattern whose `*` and `?` are wildcards. */
export function globSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += escapeRegex(ch);
  }
  return out;
}

export function compileGlob(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return MATCH_ALL;
  const star = pattern.indexOf('*');
  const hasQ = pattern.includes('?');
  if (star === -1 && !hasQ) {
    if (!ignoreCase) return (v) => v === pattern;
    const lower = pattern.toLowerCase();
    return (v) => v.length === lower.length && v.toLowerCase() === lower;
  }
  if (!hasQ && star === pattern.length - 1) {
    const prefix = ignoreCase ? pattern.slice(0, -1).toLowerCase() : pattern.slice(0, -1);
    return ignoreCase ? (v) => v.toLowerCase().startsWith(prefix) : (v) => v.startsWith(prefix);
  }
  const re = new RegExp(`^${globSource(pattern)}$`, ignoreCase ? 'is' : 's');
  return (v) => re.test(v);
}

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 20_000;

/** Compiles (once) a regex built at evaluation time, e.g. after policy-variable substitution. */
export function cachedRegex(source: string, ignoreCase: boolean): RegExp {
  const key = (ignoreCase ? 'i' : 's') + source;
  let re = regexCache.get(key);
  if (!re) {
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    regexCache.set(key, re);
  }
  return re;
}
