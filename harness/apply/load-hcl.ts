/**
 * Reads a Terraform configuration as written: the root module's `*.tf` (HCL, through HashiCorp's own parser compiled
 * to WebAssembly, `@cdktf/hcl2json`) and `*.tf.json` files merged into one document, Terraform's JSON syntax
 * (https://developer.hashicorp.com/terraform/language/files, .../syntax/json). Every `module` block gets the child
 * module's document embedded (its `source` a local path, or a module `terraform get`/`terraform init` vendored
 * under `.terraform/modules`), so the whole configuration is one JSON value that a worker thread or a cache can hold.
 * Root variable values come from `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical
 * order, then `--var-file` and `--var` in the order given, the later winning, as Terraform assigns them
 * (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence).
 * Known deviations: `TF_VAR_*` environment variables are not read; hcl2json gives no source positions, so a problem
 * found after parsing names its file (a parse error names file, line and column, in HCL's words).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { LoadError, loadTerraformJson, mergeTerraformJson, type LoadedConfig } from './load.js';
import { isObject, type Json } from './plan-blocks.js';

/** Where the planner finds what the loader adds to a module's document. */
export const XACCT_KEY = '//xacct';

export interface XacctModuleMeta {
  /** The module's directory (`path.module`). */
  dir: string;
  /** Where each block of the module's .tf files starts, by its address in the module: `main.tf line 12`. */
  positions?: Record<string, string>;
  /** Root module only: variable values from tfvars files and --var/--var-file. */
  tfvars?: Record<string, unknown>;
  /** Root module only: the root directory (`path.root`) and the files read. */
  files?: string[];
  /** Root module only: provider configuration (`aws`, `aws.<alias>` or `<alias>`) -> account id, given by the user. */
  providerAccounts?: Record<string, string>;
}

export interface LoadTerraformOptions {
  /** `--var name=value`, in the order given. */
  vars?: string[];
  /** `--var-file FILE`, in the order given. */
  varFiles?: string[];
  /** `--provider-account aws.prod=333333333333`: the account a provider configuration deploys to, when it does not say. */
  providerAccounts?: Record<string, string>;
}

type Hcl2Json = { parse(filename: string, text: string): Promise<Json> };
let parser: Hcl2Json | undefined;
const hcl = (): Hcl2Json => (parser ??= createRequire(import.meta.url)('@cdktf/hcl2json') as Hcl2Json);

/** Blocks with one label (`variable "x" {}`) or two (`resource "t" "n" {}`): hcl2json wraps each body in a list. */
const ONE_LABEL = ['variable', 'output', 'module'];
const TWO_LABELS = ['resource', 'data'];

function unwrap(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 && isObject(v[0]) ? v[0] : v;
}

/** Marks what native syntax wrote in quotes where Terraform 0.12+ wants an expression (JSON syntax always quotes). */
export const QUOTED_TYPE = '//quoted_type';
export const QUOTED_PROVIDERS = '//quoted_providers';

const unquote = (v: string) => /^\$\{(.*)\}$/s.exec(v.trim())?.[1]?.trim();

/**
 * A variable's type and a module call's providers in JSON syntax's form (`"map(string)"`, `"aws.pipeline"`): hcl2json
 * writes native syntax's `type = map(string)` as "${map(string)}", and the legacy quoted `type = "map"` as "map",
 * which is marked so the planner can warn as Terraform 0.12 to 0.14 did.
 */
function jsonForms(kind: string, body: unknown): unknown {
  if (!isObject(body)) return body;
  if (kind === 'variable' && typeof body.type === 'string') {
    const expr = unquote(body.type);
    return expr !== undefined ? { ...body, type: expr } : { ...body, [QUOTED_TYPE]: true };
  }
  if (kind === 'module' && isObject(unwrap(body.providers))) {
    const given = unwrap(body.providers) as Json;
    const quoted = Object.values(given).some((v) => typeof v === 'string' && unquote(v) === undefined);
    const providers = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === 'string' ? (unquote(v) ?? v) : v]));
    return { ...body, providers, ...(quoted ? { [QUOTED_PROVIDERS]: true } : {}) };
  }
  return body;
}

/** hcl2json's output in the shape Terraform's JSON syntax is usually written: one object per labelled block. */
export function normalizeHclJson(doc: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(doc)) {
    if (ONE_LABEL.includes(k) && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, b]) => [n, jsonForms(k, unwrap(b))]));
    else if (TWO_LABELS.includes(k) && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([t, named]) => [t, isObject(named) ? Object.fromEntries(Object.entries(named).map(([n, b]) => [n, unwrap(b)])) : named]));
    } else out[k] = v;
  }
  return out;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new LoadError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function parseHcl(file: string): Promise<Json> {
  try {
    return await hcl().parse(file, readText(file));
  } catch (e) {
    // hcl2json answers "parse config: [file:line,col-line,col: Summary; Detail.]", HCL's own diagnostic.
    const m = /^parse config: \[(.*)\]$/s.exec((e as Error).message ?? String(e));
    throw new LoadError(`Error: ${m ? m[1] : (e as Error).message}`);
  }
}

function parseJsonFile(file: string): Json {
  try {
    const v = JSON.parse(readText(file)) as unknown;
    if (!isObject(v)) throw new LoadError(`${file} is not a Terraform JSON object`);
    return v;
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

const isConfigFile = (f: string) => f.endsWith('.tf') || f.endsWith('.tf.json');

/** Whether a directory holds a Terraform module (any *.tf or *.tf.json file). */
export function hasTerraformFiles(dir: string): boolean {
  return readdirSync(dir).some(isConfigFile);
}

async function readConfigFile(f: string): Promise<Json> {
  return f.endsWith('.tf.json') ? parseJsonFile(f) : normalizeHclJson(await parseHcl(f));
}

const BLOCK_HEADER = /^[ \t]*(resource|data|variable|output|module|provider)[ \t]+"([^"]+)"(?:[ \t]+"([^"]+)")?[ \t]*\{/;
const ADDRESS: Record<string, (a: string, b?: string) => string> = {
  resource: (t, n) => `${t}.${n}`,
  data: (t, n) => `data.${t}.${n}`,
  variable: (n) => `var.${n}`,
  output: (n) => `output.${n}`,
  module: (n) => `module.${n}`,
  provider: (n) => `provider.${n}`,
};

/** Where blocks start in .tf files (hcl2json's JSON carries no positions; the block headers do). */
function blockPositions(files: string[], rootDir: string): Record<string, string> {
  const positions: Record<string, string> = {};
  for (const f of files.filter((x) => x.endsWith('.tf'))) {
    readText(f)
      .split('\n')
      .forEach((line, i) => {
        const m = BLOCK_HEADER.exec(line);
        if (m) positions[ADDRESS[m[1]!]!(m[2]!, m[3])] ??= `${relative(rootDir, f)} line ${i + 1}`;
      });
  }
  return positions;
}

async function readModuleFiles(dir: string): Promise<{ doc: Json; files: string[] }> {
  const files = readdirSync(dir)
    .filter(isConfigFile)
    .sort()
    .map((f) => join(dir, f));
  const docs = await Promise.all(files.map(readConfigFile));
  return { doc: mergeTerraformJson(docs), files };
}

interface ModulesManifest {
  Modules?: Array<{ Key?: string; Source?: string; Dir?: string }>;
}

/** Where a module call's source is on disk, or a LoadError in Terraform's words saying how to get it there. */
function moduleDir(rootDir: string, parentDir: string, key: string, name: string, source: string): string {
  if (source.startsWith('./') || source.startsWith('../')) {
    const dir = resolve(parentDir, source);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new LoadError(`Error: Unreadable module directory: module "${name}" (source "${source}"): the directory ${dir} does not exist`);
    }
    return dir;
  }
  const manifestFile = join(rootDir, '.terraform', 'modules', 'modules.json');
  const manifest = existsSync(manifestFile) ? (JSON.parse(readText(manifestFile)) as ModulesManifest) : {};
  const entry = manifest.Modules?.find((m) => m.Key === key);
  if (entry?.Dir) {
    const dir = isAbsolute(entry.Dir) ? entry.Dir : join(rootDir, entry.Dir);
    if (existsSync(dir)) return dir;
  }
  // Terraform's words (internal/command/init.go, "Module not installed"), with how to vendor it for xacct.
  throw new LoadError(
    `Error: Module not installed: module "${name}" (source "${source}") is not in ${join(rootDir, '.terraform', 'modules')}. ` +
      `This module is not yet installed. Run "terraform get" (or "terraform init") in ${rootDir} to vendor it, then run xacct again.`,
  );
}

async function loadModule(rootDir: string, dir: string, keyPath: string[], files: string[], only?: string): Promise<Json> {
  const { doc, files: read } = only ? { doc: await readConfigFile(only), files: [only] } : await readModuleFiles(dir);
  files.push(...read);
  const modules = doc.module;
  for (const calls of Array.isArray(modules) ? modules : [modules]) {
    if (!isObject(calls)) continue;
    for (const [name, raw] of Object.entries(calls)) {
      const call = unwrap(raw);
      if (!isObject(call)) continue;
      const source = call.source;
      if (typeof source !== 'string') throw new LoadError(`Error: Missing required argument: the argument "source" is required, but no definition was found (module "${name}" in ${dir})`);
      const key = [...keyPath, name];
      const child = moduleDir(rootDir, dir, key.join('.'), name, source);
      if (!hasTerraformFiles(child)) throw new LoadError(`Error: module "${name}" (source "${source}"): no *.tf or *.tf.json files in ${child}`);
      call[XACCT_KEY] = { dir: child, module: await loadModule(rootDir, child, key, files) };
      calls[name] = call;
    }
  }
  doc[XACCT_KEY] = { dir, positions: blockPositions(read, rootDir) } satisfies XacctModuleMeta;
  return doc;
}

/** A .tfvars file (HCL) or .tfvars.json file's assignments. */
async function readVarFile(file: string): Promise<Record<string, unknown>> {
  if (!existsSync(file)) throw new LoadError(`Error: Failed to read variables file: Given variables file ${file} does not exist.`);
  return file.endsWith('.json') ? parseJsonFile(file) : await parseHcl(file);
}

/**
 * `--var name=value`: a string, unless it reads as an HCL list or object (`--var 'ids=["a","b"]'`), which Terraform
 * parses by the variable's type; numbers and bools are converted by the variable's type later.
 */
async function parseVarFlag(flag: string): Promise<[string, unknown]> {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new LoadError(`Error: Invalid -var option: The given -var option "${flag}" is not correctly specified. Must be a variable name and value separated by an equals sign, like -var="key=value".`);
  const name = flag.slice(0, eq).trim();
  const raw = flag.slice(eq + 1);
  if (/^\s*[[{]/.test(raw)) {
    const parsed = await hcl()
      .parse('<value for var.' + name + '>', `v = ${raw}\n`)
      .catch((e: Error) => {
        throw new LoadError(`Error: Invalid value for -var ${name}: ${e.message}`);
      });
    return [name, parsed.v];
  }
  return [name, raw];
}

async function rootVariables(dir: string, opts: LoadTerraformOptions): Promise<Record<string, unknown>> {
  const auto = readdirSync(dir)
    .filter((f) => f.endsWith('.auto.tfvars') || f.endsWith('.auto.tfvars.json'))
    .sort();
  const files = ['terraform.tfvars', 'terraform.tfvars.json', ...auto].map((f) => join(dir, f)).filter((f) => existsSync(f));
  const values: Record<string, unknown> = {};
  for (const f of files) Object.assign(values, await readVarFile(f));
  for (const f of opts.varFiles ?? []) Object.assign(values, await readVarFile(resolve(f)));
  for (const v of opts.vars ?? []) {
    const [name, value] = await parseVarFlag(v);
    values[name] = value;
  }
  return values;
}

/** A directory of *.tf / *.tf.json files (or one such file) as one self-contained document. */
export async function loadTerraformConfig(path: string, opts: LoadTerraformOptions = {}): Promise<LoadedConfig> {
  if (!existsSync(path)) throw new LoadError(`${path} does not exist`);
  const abs = resolve(path);
  const isFile = statSync(abs).isFile();
  const dir = isFile ? dirname(abs) : abs;
  const files: string[] = [];
  if (!isFile && !hasTerraformFiles(dir)) throw new LoadError(`no Terraform configuration in ${path}: expected *.tf or *.tf.json files`);
  const doc = await loadModule(dir, dir, [], files, isFile ? abs : undefined);
  const meta = doc[XACCT_KEY] as XacctModuleMeta;
  meta.tfvars = await rootVariables(dir, opts);
  meta.files = files;
  if (opts.providerAccounts && Object.keys(opts.providerAccounts).length) meta.providerAccounts = opts.providerAccounts;
  return { documents: [doc], files };
}

/**
 * Any Terraform directory xacct reads: a `cdktf synth` output folder (one document per stack, load.ts), or a
 * configuration of *.tf / *.tf.json files (one document, modules embedded).
 */
export async function loadTerraform(path: string, opts: LoadTerraformOptions = {}): Promise<LoadedConfig> {
  const isCdktfOut = existsSync(path) && statSync(path).isDirectory() && (existsSync(join(path, 'manifest.json')) || existsSync(join(path, 'stacks'))) && !hasTerraformFiles(path);
  return isCdktfOut ? loadTerraformJson(path) : loadTerraformConfig(path, opts);
}
