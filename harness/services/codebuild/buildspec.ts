/**
 * The build specification a build follows, read with the `yaml` library, and the files its `artifacts` section
 * selects.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
 * - phases install, pre_build, build, post_build, each with `commands` (and `finally`, `on-failure`);
 * - env.variables (plain values);
 * - artifacts: `files` (globs, relative to `base-directory` or the source directory), `base-directory`,
 *   `discard-paths` (yes/no), `name`, and `secondary-artifacts` keyed by artifact identifier.
 * `discard-paths: yes` is a YAML 1.1 boolean that YAML 1.2 reads as a string: both spellings are accepted.
 * Known deviations: env.parameter-store, env.secrets-manager, exported-variables, reports, cache and
 * runtime-versions are read but not used; `exclude-paths` and `enable-symlinks` are ignored.
 */
import { readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { parse } from 'yaml';

export const PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type PhaseName = (typeof PHASES)[number];

export interface PhaseSpec {
  commands: string[];
  finally: string[];
  onFailure: 'ABORT' | 'CONTINUE';
}

export interface ArtifactSpec {
  files: string[];
  baseDirectory?: string;
  discardPaths: boolean;
  name?: string;
}

export interface Buildspec {
  variables: Record<string, string>;
  phases: Partial<Record<PhaseName, PhaseSpec>>;
  artifacts?: ArtifactSpec;
  secondaryArtifacts: Map<string, ArtifactSpec>;
}

/** A buildspec CodeBuild cannot read: the build fails in DOWNLOAD_SOURCE with YAML_FILE_ERROR. */
export class BuildspecError extends Error {}

type Yaml = Record<string, unknown>;

const isRecord = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : v === undefined || v === null ? [] : [String(v)]);

const yes = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(yes|true|on)$/i.test(v));

function artifactSpec(v: Yaml): ArtifactSpec {
  return {
    files: strings(v['files']),
    baseDirectory: v['base-directory'] === undefined ? undefined : String(v['base-directory']),
    discardPaths: yes(v['discard-paths']),
    name: v['name'] === undefined ? undefined : String(v['name']),
  };
}

export function parseBuildspec(text: string): Buildspec {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new BuildspecError(`Invalid buildspec: ${(e as Error).message}`);
  }
  if (!isRecord(doc)) throw new BuildspecError('Invalid buildspec: the buildspec is not a YAML map');
  const env = isRecord(doc['env']) ? doc['env'] : {};
  const variables: Record<string, string> = {};
  if (isRecord(env['variables'])) for (const [k, v] of Object.entries(env['variables'])) variables[k] = String(v);
  const phases: Buildspec['phases'] = {};
  const declared = isRecord(doc['phases']) ? doc['phases'] : {};
  for (const name of PHASES) {
    const p = declared[name];
    if (!isRecord(p)) continue;
    phases[name] = {
      commands: strings(p['commands']),
      finally: strings(p['finally']),
      onFailure: String(p['on-failure'] ?? 'ABORT').toUpperCase() === 'CONTINUE' ? 'CONTINUE' : 'ABORT',
    };
  }
  const artifacts = isRecord(doc['artifacts']) ? doc['artifacts'] : undefined;
  const secondaryArtifacts = new Map<string, ArtifactSpec>();
  if (artifacts && isRecord(artifacts['secondary-artifacts'])) {
    for (const [id, spec] of Object.entries(artifacts['secondary-artifacts'])) if (isRecord(spec)) secondaryArtifacts.set(id, artifactSpec(spec));
  }
  return { variables, phases, artifacts: artifacts ? artifactSpec(artifacts) : undefined, secondaryArtifacts };
}

/** Whether the project's `buildspec` is the buildspec itself rather than the path of a file in the source. */
export function isInlineBuildspec(buildspec: string): boolean {
  return buildspec.includes('\n') || /^\s*version\s*:/.test(buildspec);
}

/**
 * The files an artifact section selects from the build's directory: path in the artifact -> bytes. Patterns are
 * relative to `base-directory` (itself relative to `srcDir`); `discard-paths` keeps only the file names.
 */
export async function selectFiles(srcDir: string, spec: ArtifactSpec): Promise<Record<string, Uint8Array>> {
  const base = spec.baseDirectory ? join(srcDir, spec.baseDirectory) : srcDir;
  const found = await glob(spec.files, { cwd: base, dot: true, onlyFiles: true });
  const out: Record<string, Uint8Array> = {};
  for (const file of found.sort()) {
    // Only files of the build's directory: a pattern or base-directory reaching outside it selects nothing there.
    if (!join(base, file).startsWith(srcDir + sep)) continue;
    const inArtifact = spec.discardPaths ? posix.basename(file) : relative(base, join(base, file)).split('\\').join('/');
    out[inArtifact] = await readFile(join(base, file));
  }
  return out;
}
