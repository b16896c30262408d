/**
 * Finds Terraform JSON to apply in a directory: a cdktf output folder (manifest.json, or stacks/<name>/cdk.tf.json)
 * gives one document per stack; otherwise the directory's *.tf.json files are one configuration, which Terraform
 * forms by merging all files of a directory (https://developer.hashicorp.com/terraform/language/files).
 * A single file may be given instead of a directory.
 * HCL (*.tf), modules and tfvars are read by load-hcl.ts, which uses this file for `cdktf synth` output folders.
 * Deviations: none.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class LoadError extends Error {}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LoadError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new LoadError(`${file} is not a Terraform JSON object`);
    return v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Merges documents the way Terraform merges files of one module: block lists concatenate. */
export function mergeTerraformJson(docs: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const d of docs) for (const [k, v] of Object.entries(d)) (out[k] ??= []).push(v);
  return Object.fromEntries(Object.entries(out).map(([k, vs]) => [k, k === '//' ? vs[0] : vs]));
}

export interface LoadedConfig {
  /** One document per stack (cdktf) or one merged document (plain *.tf.json). */
  documents: Array<Record<string, unknown>>;
  files: string[];
}

export function loadTerraformJson(path: string): LoadedConfig {
  if (!existsSync(path)) throw new LoadError(`${path} does not exist (run \`xacct synth\` first, or pass a directory with *.tf.json files)`);
  if (statSync(path).isFile()) return { documents: [readJson(path)], files: [path] };

  const manifest = join(path, 'manifest.json');
  if (existsSync(manifest)) {
    const m = readJson(manifest) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
    const files = Object.values(m.stacks ?? {}).map((s) => join(path, s.synthesizedStackPath ?? ''));
    if (files.length) return { documents: files.map(readJson), files };
  }
  const stacksDir = join(path, 'stacks');
  if (existsSync(stacksDir) && statSync(stacksDir).isDirectory()) {
    const files = readdirSync(stacksDir)
      .sort()
      .map((s) => join(stacksDir, s, 'cdk.tf.json'))
      .filter((f) => existsSync(f));
    if (files.length) return { documents: files.map(readJson), files };
  }
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.tf.json'))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new LoadError(`no Terraform JSON in ${path}: expected manifest.json, stacks/<name>/cdk.tf.json or *.tf.json files`);
  return { documents: [mergeTerraformJson(files.map(readJson))], files };
}
