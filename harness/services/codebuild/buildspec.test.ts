/**
 * The buildspec as CodeBuild reads it (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html):
 * phases with commands, finally and on-failure; env.variables; artifacts with files, base-directory, discard-paths
 * (YAML 1.1's `yes` as well as `true`), name and secondary-artifacts by identifier; and the files an artifact
 * section selects, never outside the build's directory.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildspecError, isInlineBuildspec, parseBuildspec, selectFiles } from './buildspec.js';

describe('buildspec', () => {
  it('reads phases, variables and artifacts', () => {
    const spec = parseBuildspec(`version: 0.2
env:
  variables:
    STAGE: prod
    RETRIES: 3
phases:
  install:
    on-failure: CONTINUE
    commands: npm ci
  build:
    commands:
      - npm test
    finally:
      - echo done
artifacts:
  files: ['**/*']
  base-directory: dist
  discard-paths: yes
  name: site
  secondary-artifacts:
    Templates:
      files:
        - template.yaml
`);
    expect(spec.variables).toEqual({ STAGE: 'prod', RETRIES: '3' });
    expect(spec.phases).toEqual({
      install: { commands: ['npm ci'], finally: [], onFailure: 'CONTINUE' },
      build: { commands: ['npm test'], finally: ['echo done'], onFailure: 'ABORT' },
    });
    expect(spec.artifacts).toEqual({ files: ['**/*'], baseDirectory: 'dist', discardPaths: true, name: 'site' });
    expect(spec.secondaryArtifacts.get('Templates')).toEqual({ files: ['template.yaml'], baseDirectory: undefined, discardPaths: false, name: undefined });
  });

  it('refuses what is not a YAML map', () => {
    expect(() => parseBuildspec('- a\n- b\n')).toThrow(BuildspecError);
    expect(() => parseBuildspec('phases: [\n')).toThrow(/^Invalid buildspec: /);
  });

  it('tells an inline buildspec from a file name', () => {
    expect(isInlineBuildspec('buildspec.yml')).toBe(false);
    expect(isInlineBuildspec('ci/buildspec-test.yml')).toBe(false);
    expect(isInlineBuildspec('version: 0.2')).toBe(true);
    expect(isInlineBuildspec('version: 0.2\nphases: {}\n')).toBe(true);
  });

  it('selects files under base-directory, flattens them with discard-paths, and never reads outside the build', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xacct-buildspec-'));
    const src = join(dir, 'src');
    await mkdir(join(src, 'dist/css'), { recursive: true });
    await writeFile(join(src, 'dist/index.html'), 'i');
    await writeFile(join(src, 'dist/css/site.css'), 'c');
    await writeFile(join(dir, 'secret.txt'), 's');
    const names = async (spec: Parameters<typeof selectFiles>[1]) => Object.keys(await selectFiles(src, spec)).sort();
    expect(await names({ files: ['**/*'], baseDirectory: 'dist', discardPaths: false })).toEqual(['css/site.css', 'index.html']);
    expect(await names({ files: ['**/*'], baseDirectory: 'dist', discardPaths: true })).toEqual(['index.html', 'site.css']);
    expect(await names({ files: ['dist/index.html'], discardPaths: false })).toEqual(['dist/index.html']);
    expect(await names({ files: ['../secret.txt'], discardPaths: false })).toEqual([]);
    expect(await names({ files: ['secret.txt'], baseDirectory: '..', discardPaths: false })).toEqual([]);
  });
});
