/**
 * Loading a user's modules (scenario files, a `--stacks` module) whatever their module type: `.ts`, `.mts`, `.cts`,
 * `.js`, `.mjs` and `.cjs`, in a project whose package.json says `"type": "module"` or `"type": "commonjs"` (what
 * `npm init -y` writes). TypeScript goes through tsx: its ESM hooks (registered on first need when xacct runs
 * compiled from dist/; running from the sources, bin/xacct.js has registered them) and its CommonJS hooks, which a
 * `.ts` file in a CommonJS package needs (without them Node reports `Cannot require() ES Module … in a cycle`).
 *
 * A module that does not load is reported with its location, as a compiler would: file:line:column, the line and a
 * caret, from esbuild's parser for a syntax error (Node gives none for an ES module) and from the first stack frame
 * in the user's file for an error the module throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COMPILED, PACKAGE_ROOT } from '../runtime.js';

let esmHooks = !COMPILED;
let cjsHooks = false;

/** A user's module that could not be loaded; the message names the file and, where known, the line. */
export class UserModuleError extends Error {}

/** Whether a file is CommonJS by Node's rules: `.cts`/`.cjs`, or `.ts`/`.js` under a package.json without "type": "module". */
function isCommonJs(file: string): boolean {
  const ext = extname(file);
  if (ext === '.cts' || ext === '.cjs') return true;
  if (ext === '.mts' || ext === '.mjs') return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type !== 'module';
      } catch {
        return true;
      }
    }
    if (dirname(dir) === dir) return true;
  }
}

async function registerHooks(file: string, commonJs: boolean): Promise<void> {
  // A `.js` file with import statements in a CommonJS package, which Node 20's require() refuses, is compiled too.
  if (!cjsHooks && commonJs && /\.(?:[c]?tsx?|js)$/.test(file)) {
    const { register } = await import('tsx/cjs/api');
    register();
    cjsHooks = true;
  }
  if (!esmHooks && !commonJs && /\.m?tsx?$/.test(file)) {
    const { register } = await import('tsx/esm/api');
    register();
    esmHooks = true;
  }
}

/** What `export default` gave: a namespace's or a compiled module's `default`, else `module.exports` itself. */
function defaultOf(exported: unknown): unknown {
  const m = exported as { __esModule?: boolean; default?: unknown } | null | undefined;
  if (m && (typeof m === 'object' || typeof m === 'function') && (m.__esModule || Object.prototype.toString.call(m) === '[object Module]')) return m.default;
  return exported;
}

/**
 * The module's default export. A CommonJS file is loaded with require(), as Node would load it in its project:
 * through import(), Node 20 fails a CommonJS module that requires an ES module (xacct/scenario) once loader hooks
 * are registered (`request for 'node:module' is not in cache`).
 */
export async function importUserModule(file: string, cwd = process.cwd()): Promise<unknown> {
  try {
    const commonJs = isCommonJs(file);
    await registerHooks(file, commonJs);
    if (commonJs) return defaultOf(createRequire(file)(file));
    return defaultOf(await import(pathToFileURL(file).href));
  } catch (e) {
    throw new UserModuleError(await describeLoadError(e, file, cwd));
  }
}

interface Location {
  file: string;
  line: number;
  column: number;
  lineText: string;
}

const LOADERS: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/** esbuild's rendering of one message at a location: `✘ [ERROR] text`, then `file:line:col:`, the line and a caret. */
async function render(text: string, location: Location | undefined): Promise<string> {
  const { formatMessages } = await import('esbuild');
  const [out] = await formatMessages([{ text, location: location ?? null }], { kind: 'error', color: false });
  return (out ?? text).replace(/^✘ \[ERROR\] /, '').trimEnd();
}

/** The first syntax error esbuild's parser finds in `file` (the same parser tsx uses), if any. */
async function syntaxErrorOf(file: string, cwd: string): Promise<{ text: string; location: Location } | undefined> {
  const loader = LOADERS[extname(file)];
  if (!loader || !existsSync(file)) return undefined;
  const { transform } = await import('esbuild');
  try {
    await transform(readFileSync(file, 'utf8'), { loader, sourcefile: relative(cwd, file) || file, logLevel: 'silent' });
    return undefined;
  } catch (e) {
    const first = (e as { errors?: Array<{ text: string; location: Location | null }> }).errors?.[0];
    return first?.location ? { text: first.text, location: first.location } : undefined;
  }
}

const FRAME = /(?:\(|\bat )((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/;

/** The first stack frame in the user's own code (not Node's, not a package's, not xacct's). */
function userFrame(e: unknown, cwd: string): Location | undefined {
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const path = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (path.includes('/node_modules/') || path.startsWith(`${PACKAGE_ROOT}/dist/`) || path.startsWith(`${PACKAGE_ROOT}/harness/`) || !existsSync(path)) continue;
    const lineNo = Number(m[2]);
    const lineText = readFileSync(path, 'utf8').split('\n')[lineNo - 1] ?? '';
    return { file: relative(cwd, path) || path, line: lineNo, column: Number(m[3]) - 1, lineText };
  }
  return undefined;
}

/** What xacct's peer dependencies a user's project lacks, and the command that adds them. */
export const CDKTF_PEERS_MISSING =
  'xacct expects cdktf, constructs and @cdktf/provider-aws in your project (npm install -D cdktf@0.21.0 constructs@10 @cdktf/provider-aws@21)';

function peerHint(pkg: string | undefined): string {
  if (!pkg) return '';
  if (['cdktf', 'constructs', '@cdktf/provider-aws'].some((p) => pkg === p || pkg.startsWith(`${p}/`))) return `: ${CDKTF_PEERS_MISSING}`;
  const client = /^@aws-sdk\/client-[a-z0-9-]+/.exec(pkg)?.[0];
  return client ? `: the AWS SDK clients are your project's own (npm install -D ${client})` : '';
}

async function describeLoadError(e: unknown, file: string, cwd: string): Promise<string> {
  const name = relative(cwd, file) || file;
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    const pkg = /Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
    return `${name}: could not be loaded: ${message.split('\n')[0]}${peerHint(pkg)}`;
  }
  // tsx reports esbuild's failure as "Transform failed with 1 error:" and the location on the next line only; Node
  // reports an ES module's syntax error with no location at all. Either way, esbuild's parser says where.
  if (e instanceof SyntaxError || /^Transform failed with/.test(message)) {
    const reported = /^(\/[^\n]+?):\d+:\d+: ERROR: /m.exec(message)?.[1];
    const syntax = await syntaxErrorOf(reported ?? file, cwd);
    if (syntax) return `${name}: could not be loaded: ${await render(syntax.text, syntax.location)}`;
  }
  return `${name}: could not be loaded: ${await describeThrown(e, cwd)}`;
}

/** An error a user's code threw, with the line of the user's file it came from when the stack shows one. */
export async function describeThrown(e: unknown, cwd = process.cwd()): Promise<string> {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const where = userFrame(e, cwd);
  return where ? render(`${e instanceof Error ? e.name : 'Error'}: ${message}`, where) : message;
}
