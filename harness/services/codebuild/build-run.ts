/**
 * A build, run asynchronously after StartBuild answered, phase by phase as CodeBuild reports them
 * (SUBMITTED, QUEUED, PROVISIONING, DOWNLOAD_SOURCE, INSTALL, PRE_BUILD, BUILD, POST_BUILD, UPLOAD_ARTIFACTS,
 * FINALIZING, COMPLETED): https://docs.aws.amazon.com/codebuild/latest/userguide/view-build-details.html#view-build-details-phases
 * - PROVISIONING: codebuild.amazonaws.com assumes the project's service role, session `AWSCodeBuild-<uuid>` (E049).
 * - DOWNLOAD_SOURCE: each S3 source (`<bucket>/<key>` of a zip) is read as that session through S3, which decrypts
 *   with KMS as that session; a refusal fails the phase with CLIENT_ERROR worded as E088 ("<code>: <message> status
 *   code: <status>, request id: <id>, host id: <id> for primary source and source version arn:aws:s3:::<bucket>/<key>")
 *   preceded by "error while downloading key <key>, error: " as newer build agents report it (a practitioner's
 *   transcript of "Build terminated with state: FAILED. Phase: DOWNLOAD_SOURCE, Code: CLIENT_ERROR, Message: error
 *   while downloading key …", found with the search tool; its repository is not named). The buildspec is the
 *   project's inline one or `buildspec.yml` (or the named file) of the primary source; a missing file is
 *   YAML_FILE_ERROR "stat /codebuild/output/src<9 digits>/src/buildspec.yml: no such file or directory" (recorded
 *   the same way), naming the container's path, not the temporary directory the build runs in here.
 * - INSTALL … POST_BUILD: by default the commands are not run and each phase's context says so; with the world's
 *   `runCommands` setting they run with bash (build-commands.ts). A failed INSTALL or PRE_BUILD ends the build; a
 *   failed BUILD still runs POST_BUILD (build-spec-ref.html, "phases").
 * - UPLOAD_ARTIFACTS: the buildspec's `artifacts` (and `secondary-artifacts` by identifier) are zipped and written
 *   as that session with SSE-KMS under the project's encryptionKey, or S3's default aws/s3 key when the project
 *   names the default (API_CreateProject.html, encryptionKey), so a consumer in another account cannot decrypt it.
 *   An artifact that selects no file fails with CLIENT_ERROR "no matching artifact paths found" (a build log recorded in
 *   aws-samples/amazon-ecs-fargate-cdk-cicd#13).
 * - Supplied outputs: when the commands were not run, what they would have made may be supplied from this machine
 *   (store.ts SuppliedBuildOutput: `xacct run --build-output`, a CDK app's cloud assembly for its synth step) and is
 *   laid into the source directory before UPLOAD_ARTIFACTS; the log says which.
 * Known deviations: the phase wordings of a role that cannot be assumed at build time, of a secondary source that
 * cannot be read, of an upload refused and of a secondary artifact the buildspec does not define are ours (no
 * recorded response); the log is kept with the build (buildLog) rather than in CloudWatch Logs; builds do not
 * queue; timeouts are not enforced on phases whose commands are not run.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve, sep } from 'node:path';
import type { BuildArtifacts, BuildPhase, BuildPhaseType, EnvironmentVariable, Project, ProjectArtifacts, ProjectSource } from '@aws-sdk/client-codebuild';
import type { GetObjectCommandInput, GetObjectCommandOutput, PutObjectCommandInput } from '@aws-sdk/client-s3';
import { isAwsError, type AwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import type { OperationContext } from '../types.js';
import { bodyBytes, unzip, zipFiles } from '../codepipeline/artifacts.js';
import { newShellState, runPhaseCommands, type ShellState } from './build-commands.js';
import { BuildspecError, isInlineBuildspec, parseBuildspec, PHASES, selectFiles, type ArtifactSpec, type Buildspec, type PhaseName } from './buildspec.js';
import { assumeServiceRole, type RoleSession } from './service-role.js';
import { buildSettings, type BuildRecord } from './store.js';

export interface BuildRuntime {
  world: World;
  invoke: OperationContext['invoke'];
  region: string;
  now(): Date;
}

/** What StartBuild settled: the project as it was, and the sources, artifacts and variables after overrides. */
export interface BuildPlan {
  project: Project;
  source: ProjectSource;
  secondarySources: ProjectSource[];
  artifacts: ProjectArtifacts;
  secondaryArtifacts: ProjectArtifacts[];
  variables: EnvironmentVariable[];
  encryptionKey: string;
  buildspecOverride?: string;
}

const running = new WeakMap<BuildRecord, Promise<void>>();

/** Settles when the build has ended (for tests, the pipeline action and the runner; AWS clients poll BatchGetBuilds). */
export function buildDone(record: BuildRecord): Promise<void> {
  return running.get(record) ?? Promise.resolve();
}

class PhaseFailed extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
    readonly status: 'FAILED' | 'FAULT' | 'STOPPED' = 'FAILED',
  ) {
    super(message);
  }
}

const NOT_RUN = 'xacct did not run the commands of this phase (run with --run-builds to run them)';

function timestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
}

class Run {
  private session?: RoleSession;
  private dir = '';
  private srcDir = '';
  /**
   * Where the primary source sits in CodeBuild's container, as its messages name it ("stat
   * /codebuild/output/src689818481/src/buildspec.yml: no such file or directory", recorded in public build logs found
   * with the search tool): the build's own directory is a temporary one on this machine.
   */
  private readonly containerSrcDir = `/codebuild/output/src${100_000_000 + (randomBytes(4).readUInt32BE() % 900_000_000)}/src`;
  private shell?: ShellState;
  private succeeding = true;
  /** Some phase had commands that were not run. */
  private commandsNotRun = false;

  constructor(
    private readonly rt: BuildRuntime,
    private readonly record: BuildRecord,
    private readonly plan: BuildPlan,
  ) {}

  log(line: string): void {
    this.record.log.push(`[Container] ${timestamp(this.rt.now())} ${line}`);
  }

  private begin(type: BuildPhaseType): BuildPhase {
    const phase: BuildPhase = { phaseType: type, startTime: this.rt.now() };
    this.record.build.phases!.push(phase);
    this.record.build.currentPhase = type;
    this.log(`Entering phase ${type}`);
    return phase;
  }

  private end(phase: BuildPhase, status: 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'STOPPED', context?: { statusCode: string; message: string }): void {
    phase.phaseStatus = status;
    phase.endTime = this.rt.now();
    phase.durationInSeconds = Math.round((phase.endTime.getTime() - phase.startTime!.getTime()) / 1000);
    if (context) phase.contexts = [context];
    this.log(`Phase complete: ${phase.phaseType} State: ${status}`);
    this.log(`Phase context status code: ${context?.statusCode ?? ''} Message: ${context?.message ?? ''}`);
  }

  /** Runs one phase's work; a PhaseFailed it throws ends the phase with its context. */
  private async phase(type: BuildPhaseType, work: () => Promise<{ statusCode: string; message: string } | void>): Promise<boolean> {
    if (this.record.stopRequested) throw new PhaseFailed('', 'Build stopped', 'STOPPED');
    const phase = this.begin(type);
    try {
      const context = await work();
      this.end(phase, 'SUCCEEDED', context ?? undefined);
      return true;
    } catch (e) {
      if (e instanceof PhaseFailed) {
        this.end(phase, e.status, { statusCode: e.statusCode, message: e.message });
        return false;
      }
      this.end(phase, 'FAULT', { statusCode: 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }

  async run(): Promise<void> {
    const build = this.record.build;
    try {
      this.dir = await mkdtemp(join(tmpdir(), 'xacct-codebuild-'));
      this.srcDir = join(this.dir, 'src');
      await mkdir(this.srcDir);
      const ok = (await this.phase('PROVISIONING', () => this.provision())) && (await this.downloadAndRun());
      await this.phase('FINALIZING', async () => undefined);
      const stopped = this.record.stopRequested === true;
      build.buildStatus = stopped ? 'STOPPED' : ok ? 'SUCCEEDED' : (build.phases!.find((p) => p.phaseStatus === 'FAULT') ? 'FAULT' : 'FAILED');
    } catch (e) {
      build.buildStatus = e instanceof PhaseFailed && e.status === 'STOPPED' ? 'STOPPED' : 'FAILED';
    } finally {
      const completed: BuildPhase = { phaseType: 'COMPLETED', startTime: this.rt.now() };
      build.phases!.push(completed);
      build.currentPhase = 'COMPLETED';
      build.endTime = this.rt.now();
      build.buildComplete = true;
      if (this.dir) await rm(this.dir, { recursive: true, force: true });
    }
  }

  private async downloadAndRun(): Promise<boolean> {
    let spec: Buildspec | undefined;
    const downloaded = await this.phase('DOWNLOAD_SOURCE', async () => {
      spec = await this.download();
    });
    if (!downloaded || !spec) return false;
    const settings = buildSettings(this.rt.world);
    // Without the emulator's endpoint the commands' AWS calls would leave the machine: they are then not run.
    this.shell = settings.runCommands && settings.endpoint ? await newShellState(this.dir, this.srcDir, this.environment(spec)) : undefined;
    for (const name of PHASES) {
      // A failed INSTALL or PRE_BUILD ends the build; POST_BUILD runs after a failed BUILD.
      if (!this.succeeding && name !== 'post_build') return false;
      await this.phase(name.toUpperCase() as BuildPhaseType, () => this.commands(spec!, name));
    }
    if (!this.succeeding) return false;
    if (this.commandsNotRun) await this.supplyOutputs(spec!);
    return this.phase('UPLOAD_ARTIFACTS', () => this.upload(spec!));
  }

  private async provision(): Promise<void> {
    const role = this.plan.project.serviceRole!;
    try {
      this.session = await assumeServiceRole(this.rt.world, this.rt.invoke, role, `AWSCodeBuild-${this.record.build.id!.split(':').pop()}`, this.plan.project.arn!);
    } catch (e) {
      if (isAwsError(e)) throw new PhaseFailed('ACCESS_DENIED', `CodeBuild is not authorized to perform: sts:AssumeRole on ${role}`);
      throw e;
    }
  }

  private get principal(): Principal {
    return this.session!.principal;
  }

  private async getObject(location: string): Promise<{ bucket: string; key: string; bytes: Uint8Array } | AwsError> {
    const slash = location.indexOf('/');
    const bucket = slash < 0 ? location : location.slice(0, slash);
    const key = slash < 0 ? '' : location.slice(slash + 1);
    try {
      const input: GetObjectCommandInput = { Bucket: bucket, Key: key };
      const out = await this.rt.invoke<GetObjectCommandOutput>('s3', 'GetObject', input, { as: this.principal });
      return { bucket, key, bytes: await bodyBytes(out.Body) };
    } catch (e) {
      if (isAwsError(e)) return e;
      throw e;
    }
  }

  private async fetchSource(source: ProjectSource, into: string, which: string): Promise<void> {
    if (source.type === 'NO_SOURCE') return;
    if (source.type !== 'S3') throw new PhaseFailed('CLIENT_ERROR', `xacct does not download ${source.type} sources`);
    const got = await this.getObject(source.location ?? '');
    const versionArn = `arn:aws:s3:::${source.location}`;
    if (!('bytes' in got)) {
      const key = (source.location ?? '').slice((source.location ?? '').indexOf('/') + 1);
      const hostId = randomBytes(48).toString('base64');
      throw new PhaseFailed(
        'CLIENT_ERROR',
        `error while downloading key ${key}, error: ${got.code}: ${got.message} status code: ${got.status}, request id: ${randomBytes(8).toString('hex').toUpperCase()}, host id: ${hostId} for ${which} and source version ${versionArn}`,
      );
    }
    let files: Record<string, Uint8Array>;
    try {
      files = unzip(got.bytes);
    } catch {
      throw new PhaseFailed('CLIENT_ERROR', `zip: not a valid zip file for ${which} and source version ${versionArn}`);
    }
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(into, name);
      // An entry that would land outside the source directory (`../x`) is not extracted.
      if (!path.startsWith(into + sep)) continue;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    }
  }

  private async download(): Promise<Buildspec> {
    this.log(`Processing environment variables`);
    await this.fetchSource(this.plan.source, this.srcDir, 'primary source');
    for (const s of this.plan.secondarySources) {
      const into = join(this.dir, 'src2', s.sourceIdentifier ?? 'secondary');
      await mkdir(into, { recursive: true });
      await this.fetchSource(s, into, `secondary source ${s.sourceIdentifier}`);
    }
    const configured = this.plan.buildspecOverride ?? this.plan.source.buildspec ?? '';
    let text: string;
    if (configured !== '' && isInlineBuildspec(configured)) text = configured;
    else {
      const file = configured || 'buildspec.yml';
      try {
        text = await readFile(join(this.srcDir, file), 'utf8');
      } catch {
        throw new PhaseFailed('YAML_FILE_ERROR', `stat ${posix.join(this.containerSrcDir, file)}: no such file or directory`);
      }
    }
    try {
      return parseBuildspec(text);
    } catch (e) {
      if (e instanceof BuildspecError) throw new PhaseFailed('YAML_FILE_ERROR', e.message);
      throw e;
    }
  }

  /** The variables a build's commands see, as CodeBuild sets them (build-env-ref-env-vars.html). */
  private environment(spec: Buildspec): Record<string, string> {
    const build = this.record.build;
    const settings = buildSettings(this.rt.world);
    const c = this.session!.credentials;
    const env: Record<string, string> = {
      HOME: this.dir,
      AWS_REGION: this.rt.region,
      AWS_DEFAULT_REGION: this.rt.region,
      AWS_ACCESS_KEY_ID: c.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!,
      AWS_SESSION_TOKEN: c.SessionToken!,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      CODEBUILD_BUILD_ID: build.id!,
      CODEBUILD_BUILD_ARN: build.arn!,
      CODEBUILD_BUILD_NUMBER: String(build.buildNumber),
      CODEBUILD_BUILD_IMAGE: this.plan.project.environment?.image ?? '',
      CODEBUILD_INITIATOR: build.initiator ?? '',
      CODEBUILD_KMS_KEY_ID: this.plan.encryptionKey,
      CODEBUILD_SOURCE_VERSION: build.sourceVersion ?? '',
      CODEBUILD_RESOLVED_SOURCE_VERSION: build.resolvedSourceVersion ?? '',
      CODEBUILD_SRC_DIR: this.srcDir,
      CODEBUILD_START_TIME: String(build.startTime!.getTime()),
      CODEBUILD_BUILD_SUCCEEDING: '1',
      ...(settings.endpoint ? { AWS_ENDPOINT_URL: settings.endpoint } : {}),
      ...(settings.caBundle ? { AWS_CA_BUNDLE: settings.caBundle } : {}),
    };
    for (const s of this.plan.secondarySources) if (s.sourceIdentifier) env[`CODEBUILD_SRC_DIR_${s.sourceIdentifier}`] = join(this.dir, 'src2', s.sourceIdentifier);
    Object.assign(env, spec.variables);
    for (const v of this.plan.variables) if (v.name && (v.type ?? 'PLAINTEXT') === 'PLAINTEXT') env[v.name] = v.value ?? '';
    return env;
  }

  private async commands(spec: Buildspec, name: PhaseName): Promise<{ statusCode: string; message: string } | void> {
    const phase = spec.phases[name];
    if (!phase || phase.commands.length + phase.finally.length === 0) return;
    if (!this.shell) {
      for (const command of phase.commands) this.log(`Not running command ${command}`);
      this.commandsNotRun = true;
      return { statusCode: 'COMMANDS_NOT_RUN', message: NOT_RUN };
    }
    if (!this.succeeding) await writeFile(this.shell.envFile, `${await readFile(this.shell.envFile, 'utf8')}\nexport CODEBUILD_BUILD_SUCCEEDING='0'\n`);
    const timeoutMs = (this.plan.project.timeoutInMinutes ?? 60) * 60_000;
    const outcome = await runPhaseCommands(phase, this.shell, (line) => this.log(line), timeoutMs);
    if (!outcome.ok) {
      this.succeeding = false;
      throw new PhaseFailed(outcome.failure!.statusCode, outcome.failure!.message);
    }
  }

  /** Lays the supplied outputs that stand for this build's unrun commands into its source directory. */
  private async supplyOutputs(spec: Buildspec): Promise<void> {
    const taken = [spec.artifacts, ...spec.secondaryArtifacts.values()].map((a) => posix.normalize(a?.baseDirectory ?? '.'));
    for (const o of buildSettings(this.rt.world).outputs ?? []) {
      const directory = posix.normalize(o.directory);
      if (o.project ? o.project !== this.plan.project.name : !taken.includes(directory)) continue;
      const into = resolve(this.srcDir, directory);
      if (into !== this.srcDir && !into.startsWith(this.srcDir + sep)) continue;
      // Sources that hold the folder (a cloud assembly committed with the app) are what the build packages.
      if (!o.project && (await stat(into).catch(() => undefined))) continue;
      await cp(o.path, into, { recursive: true });
      this.log(`Commands not run: ${o.path} supplied as ${directory === '.' ? 'the source directory' : directory}, as they would have made it`);
    }
  }

  private async writeArtifact(target: ProjectArtifacts, spec: ArtifactSpec | undefined, what: string): Promise<BuildArtifacts> {
    if (target.type === 'NO_ARTIFACTS' || target.type === undefined) return {};
    if (!spec) throw new PhaseFailed('CLIENT_ERROR', `${what} is not defined in the buildspec`);
    const files = await selectFiles(this.srcDir, spec);
    if (Object.keys(files).length === 0) throw new PhaseFailed('CLIENT_ERROR', 'no matching artifact paths found');
    if (target.type !== 'S3') throw new PhaseFailed('CLIENT_ERROR', `xacct does not upload ${target.type} artifacts outside a pipeline`);
    const bucket = target.location ?? '';
    const name = target.overrideArtifactName && spec.name ? spec.name : (target.name ?? this.plan.project.name!);
    const prefix = [target.path, target.namespaceType === 'BUILD_ID' ? this.record.build.id!.split(':').pop() : undefined].filter((p) => p).join('/');
    const key = prefix ? `${prefix}/${name}` : name;
    const objects = target.packaging === 'ZIP' || target.packaging === undefined ? { [key]: zipFiles(files) } : Object.fromEntries(Object.entries(files).map(([f, b]) => [`${key}/${f}`, b]));
    for (const [objectKey, bytes] of Object.entries(objects)) {
      const input: PutObjectCommandInput = {
        Bucket: bucket,
        Key: objectKey,
        Body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        ContentLength: bytes.byteLength,
        ...(target.encryptionDisabled ? {} : { ServerSideEncryption: 'aws:kms' as const }),
        ...(target.encryptionDisabled || /:alias\/aws\/s3$/.test(this.plan.encryptionKey) ? {} : { SSEKMSKeyId: this.plan.encryptionKey }),
      };
      try {
        await this.rt.invoke('s3', 'PutObject', input, { as: this.principal });
      } catch (e) {
        if (isAwsError(e)) throw new PhaseFailed('CLIENT_ERROR', `error while uploading ${what} to arn:aws:s3:::${bucket}/${objectKey}, error: ${e.code}: ${e.message} status code: ${e.status}`);
        throw e;
      }
    }
    return { location: `arn:aws:s3:::${bucket}/${key}`, encryptionDisabled: target.encryptionDisabled ?? false, ...(target.artifactIdentifier ? { artifactIdentifier: target.artifactIdentifier } : {}) };
  }

  private async upload(spec: Buildspec): Promise<void> {
    const build = this.record.build;
    build.artifacts = await this.writeArtifact(this.plan.artifacts, spec.artifacts, 'the primary artifact');
    build.secondaryArtifacts = [];
    for (const target of this.plan.secondaryArtifacts) {
      const id = target.artifactIdentifier ?? '';
      build.secondaryArtifacts.push(await this.writeArtifact(target, spec.secondaryArtifacts.get(id), `secondary artifact ${id}`));
    }
  }
}

/** Starts the build without waiting for it; `buildDone` settles when it has ended. */
export function launchBuild(rt: BuildRuntime, record: BuildRecord, plan: BuildPlan): void {
  const run = new Run(rt, record, plan);
  running.set(
    record,
    new Promise<void>((resolve) => setImmediate(resolve)).then(() => run.run()),
  );
}
