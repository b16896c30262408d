/**
 * `--run-builds`: a phase's commands run as CodeBuild runs them (buildspec version 0.2), one after another in the same
 * shell state: a variable exported or a directory changed by one command is seen by the next, in later phases too.
 * Each command runs with bash in the build's directory with the build's environment (CODEBUILD_* variables, the
 * build role's session credentials, AWS_ENDPOINT_URL pointing at the emulator). A command that exits non-zero fails
 * the phase with COMMAND_EXECUTION_ERROR "Error while executing command: <command>. Reason: exit status <n>", the
 * wording CodeBuild reports (quoted in build failures such as "Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message:
 * Error while executing command: npm install -g aws-cdk. Reason: exit status 1", see build-run.ts).
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec-ref-versions
 * The build's PATH starts with an `aws` that runs this machine's AWS CLI with `--endpoint-url` set to the emulator,
 * so an older CLI that does not read AWS_ENDPOINT_URL cannot reach AWS.
 * Known deviations: commands run on this machine, not in the project's image; `on-failure: CONTINUE` and `finally`
 * blocks are honoured, `run-as` and `runtime-versions` are not.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { PhaseSpec } from './buildspec.js';

export interface ShellState {
  /** A file holding `export -p` of the shell after the last command, sourced by the next one. */
  envFile: string;
  /** A file holding the working directory after the last command. */
  cwdFile: string;
}

/** The first `aws` on PATH outside `exclude`, as bash would find it. */
async function realAws(exclude: string): Promise<string | undefined> {
  for (const entry of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!entry || entry === exclude) continue;
    const candidate = join(entry, 'aws');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there: the next PATH entry
    }
  }
  return undefined;
}

/**
 * An `aws` first on the build's PATH that sends the machine's AWS CLI to the emulator whatever its version
 * (AWS_ENDPOINT_URL is read only by AWS CLI v2.13+ and botocore 1.31+): a build's AWS calls never leave the machine.
 */
async function awsShim(dir: string): Promise<string> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const real = await realAws(bin);
  const script = real
    ? `#!/usr/bin/env bash\nexec '${real}' --endpoint-url "$AWS_ENDPOINT_URL" "$@"\n`
    : `#!/usr/bin/env bash\necho 'xacct: no AWS CLI on this machine' >&2\nexit 127\n`;
  await writeFile(join(bin, 'aws'), script, { mode: 0o755 });
  return bin;
}

export async function newShellState(dir: string, srcDir: string, env: Record<string, string>): Promise<ShellState> {
  const envFile = join(dir, 'env.sh');
  const cwdFile = join(dir, 'cwd');
  const path = `${await awsShim(dir)}${delimiter}${process.env['PATH'] ?? '/usr/bin:/bin'}`;
  const quoted = Object.entries({ ...env, PATH: path }).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`);
  await writeFile(envFile, `${quoted.join('\n')}\n`);
  await writeFile(cwdFile, srcDir);
  return { envFile, cwdFile };
}

function runOne(command: string, state: ShellState, log: (line: string) => void, timeoutMs: number): Promise<number> {
  // The command runs between restoring and saving the shell's state; its own exit status is the script's.
  const script = [
    `. '${state.envFile}'`,
    `cd "$(cat '${state.cwdFile}')"`,
    command,
    '__xacct_status=$?',
    `export -p > '${state.envFile}'`,
    `pwd > '${state.cwdFile}'`,
    'exit $__xacct_status',
  ].join('\n');
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const lines = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') log(line);
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    child.on('error', (e) => {
      log(e.message);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export interface PhaseOutcome {
  ok: boolean;
  /** The failed command's context, as CodeBuild reports it. */
  failure?: { statusCode: string; message: string };
}

/** Runs a phase's commands (then its `finally` commands); the first failing command fails the phase. */
export async function runPhaseCommands(phase: PhaseSpec, state: ShellState, log: (line: string) => void, timeoutMs: number): Promise<PhaseOutcome> {
  let failure: PhaseOutcome['failure'];
  for (const command of phase.commands) {
    log(`Running command ${command}`);
    const status = await runOne(command, state, log, timeoutMs);
    if (status !== 0) {
      failure = { statusCode: 'COMMAND_EXECUTION_ERROR', message: `Error while executing command: ${command}. Reason: exit status ${status}` };
      log(`Command did not exit successfully ${command} exit status ${status}`);
      if (phase.onFailure === 'ABORT') break;
    }
  }
  for (const command of phase.finally) {
    log(`Running command ${command}`);
    const status = await runOne(command, state, log, timeoutMs);
    if (status !== 0 && !failure) failure = { statusCode: 'COMMAND_EXECUTION_ERROR', message: `Error while executing command: ${command}. Reason: exit status ${status}` };
  }
  return failure ? { ok: false, failure } : { ok: true };
}
