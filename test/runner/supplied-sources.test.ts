/**
 * Repository content for sources outside AWS reaches a run's pipelines: `xacct run --source` (RunOptions.sources)
 * or a scenario's `sources` is supplied before the setup is applied, so the execution a pipeline's creation starts
 * (trigger CreatePipeline, as in AWS) reads it through a CodeStar connection and deploys it across accounts on the
 * reference setup. Without it, the source action fails with xacct's message saying how to supply it (our wording:
 * AWS would read the repository itself; harness/services/codepipeline/actions/supplied-source.ts).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../harness/cli/run.js';
import { UsageError } from '../../harness/cli/io.js';
import { sourceArtifact } from '../../harness/runner/artifact.js';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { runScenarios } from '../../harness/runner/runner.js';
import { connectionSourceScenario as scenario } from '../fixtures/connection-source.scenario.js';

describe('repository content supplied to a run', () => {
  it('reaches the creation run of a connection-sourced pipeline, from the run options or the scenario', async () => {
    const fromRun = await runScenarios([{ scenario: scenario() }], { backend: embeddedBackend(), sources: [{ zip: sourceArtifact() }] });
    expect(fromRun[0]).toMatchObject({ status: 'passed', steps: [{ id: 'creation-run', status: 'ok' }] });
    const fromScenario = await runScenarios([{ scenario: scenario([{ zip: sourceArtifact() }]) }], { backend: embeddedBackend() });
    expect(fromScenario[0]).toMatchObject({ status: 'passed' });
  });

  it('fails at the source with how to supply the content when none is supplied', async () => {
    const [result] = await runScenarios([{ scenario: scenario() }], { backend: embeddedBackend() });
    expect(result).toMatchObject({ status: 'failed', stoppedAt: 'creation-run' });
    expect(result!.error).toEqual({
      code: 'JobFailed',
      status: undefined,
      message:
        "xacct cannot reach repository octo/app (branch main): supply its content as a folder or a .zip, with `xacct run --source DIR`, a scenario's `sources`, or supplySource() from the library",
    });
  });

  it('reads --source as a folder or a .zip, for one repository and branch or for any', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-source-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app.zip'), sourceArtifact());
    expect(parseSource(join(dir, 'app'))).toEqual({ path: join(dir, 'app') });
    expect(parseSource(`octo/app@main=${join(dir, 'app.zip')}`)).toEqual({ path: join(dir, 'app.zip'), repository: 'octo/app', branch: 'main' });
    expect(parseSource(`octo/app=${join(dir, 'app')}`)).toEqual({ path: join(dir, 'app'), repository: 'octo/app' });
    expect(() => parseSource(join(dir, 'missing'))).toThrow(UsageError);
    writeFileSync(join(dir, 'notes.txt'), 'x');
    expect(() => parseSource(join(dir, 'notes.txt'))).toThrow(`--source ${join(dir, 'notes.txt')}: give a folder or a .zip file`);
  });
});
