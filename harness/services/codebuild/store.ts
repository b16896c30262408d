/**
 * CodeBuild's state per account and Region: build projects and their builds.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/concepts.html
 * Projects are kept as the API returns them (`Project`); builds as `Build` plus the build's log, so BatchGetBuilds
 * answers from the record. Maps, never plain objects, so a name from a request cannot reach a prototype. A running
 * build's completion promise lives outside the store (build-run.ts), so a world without running builds can be copied.
 * Build ids are `<project>:<uuid>` and ARNs `arn:aws:codebuild:<region>:<account>:build/<id>`, as AWS forms them
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_Build.html).
 */
import type { Build, Project } from '@aws-sdk/client-codebuild';
import type { Account, World } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service. */
export const SERVICE = 'codebuild';

/** The service principal a project's service role must trust. */
export const CODEBUILD_PRINCIPAL = 'codebuild.amazonaws.com';

export interface BuildRecord {
  build: Build;
  account: string;
  region: string;
  /** The build's log, one line per entry, as the CloudWatch Logs stream of the build would hold it. */
  log: string[];
  /** Set by StopBuild; the build ends STOPPED at its next phase boundary. */
  stopRequested?: boolean;
}

export interface CodeBuildStore {
  projects: Map<string, Project>;
  /** By build id, in start order. */
  builds: Map<string, BuildRecord>;
  /** The next build number of each project. */
  buildNumbers: Map<string, number>;
}

export function codeBuildStore(account: Account, region: string): CodeBuildStore {
  return account.store<CodeBuildStore>(SERVICE, region, () => ({ projects: new Map(), builds: new Map(), buildNumbers: new Map() }));
}

export function projectArn(region: string, account: string, name: string): string {
  return `arn:aws:${SERVICE}:${region}:${account}:project/${name}`;
}

export function buildArn(region: string, account: string, id: string): string {
  return `arn:aws:${SERVICE}:${region}:${account}:build/${id}`;
}

/** What a project name or ARN names: the account, Region and name. */
export function projectRef(nameOrArn: string, account: string, region: string): { account: string; region: string; name: string } {
  const m = /^arn:aws[a-z-]*:codebuild:([a-z0-9-]+):(\d{12}):project\/(.+)$/.exec(nameOrArn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : { account, region, name: nameOrArn };
}

/** A build id `<project>:<uuid>` or a build ARN, and where it lives. */
export function buildRef(idOrArn: string, account: string, region: string): { account: string; region: string; id: string } {
  const m = /^arn:aws[a-z-]*:codebuild:([a-z0-9-]+):(\d{12}):build\/(.+)$/.exec(idOrArn);
  return m ? { region: m[1]!, account: m[2]!, id: m[3]! } : { account, region, id: idOrArn };
}

export function storeIn(world: World, account: string, region: string): CodeBuildStore | undefined {
  const acct = world.account(account);
  return acct ? codeBuildStore(acct, region) : undefined;
}

/**
 * How builds run in this world: by default the buildspec's commands are not run (the phases say so); with
 * `runCommands`, they run with bash against `endpoint` (the emulator's HTTP endpoint). Plain data, kept as a world
 * global so the library, the runner and `xacct run --run-builds` set it once per world.
 */
export interface BuildSettings {
  runCommands: boolean;
  endpoint?: string;
  /** The CA bundle a build's AWS CLI trusts when the endpoint is HTTPS. */
  caBundle?: string;
  /** What builds whose commands are not run would have made (build-run.ts, "supplied outputs"). */
  outputs?: SuppliedBuildOutput[];
}

/**
 * Files a build's commands would have made, supplied from this machine for builds whose commands are not run: the
 * folder `path` is laid into the build's source directory at `directory` before its artifacts are packaged.
 * `project` names the project whose builds it stands for (`xacct run --build-output PROJECT=DIR`, at the root);
 * without it, it stands for any build whose buildspec's artifacts take `directory` as their base-directory and whose
 * sources lack it (a CDK app's cloud assembly for its pipeline's synth step, `cdk.out`).
 */
export interface SuppliedBuildOutput {
  project?: string;
  directory: string;
  path: string;
}

/** Builds in this world whose commands are not run take these outputs (see SuppliedBuildOutput). */
export function supplyBuildOutputs(world: World, outputs: SuppliedBuildOutput[]): void {
  buildSettings(world).outputs = outputs;
}

export function buildSettings(world: World): BuildSettings {
  return world.global<BuildSettings>(`${SERVICE}:settings`, () => ({ runCommands: false }));
}

/** Builds in this world run their commands against `endpoint` (an HTTPS URL of the emulator, trusted through `caBundle`). */
export function runBuildCommands(world: World, o: { endpoint: string; caBundle?: string }): void {
  Object.assign(buildSettings(world), { runCommands: true, endpoint: o.endpoint, caBundle: o.caBundle });
}
