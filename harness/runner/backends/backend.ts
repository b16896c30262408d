/**
 * A backend is where scenarios run: how to get a fresh world, how to reach it, and what it can prove.
 * The embedded emulator enforces IAM; other AWS-compatible endpoints may not, and the runner then reports
 * negative scenarios as "not provable" instead of passing them.
 */
import type { SuppliedBuildOutput } from '../../services/codebuild/store.js';
import type { AccountSpec } from '../../world/world.js';
import type { BackendWorld, Capability, WorldState } from '../scenario.js';

export interface NewWorldOptions {
  /** CodeBuild builds run their buildspec commands (a backend that cannot run them ignores it). */
  runBuilds?: boolean;
  /** What builds whose commands are not run would have made (a backend that cannot supply them ignores it). */
  buildOutputs?: SuppliedBuildOutput[];
}

export interface Backend {
  name: string;
  capabilities: Record<Capability, boolean>;
  /** Whether worlds are independent, so scenarios may run at the same time. */
  concurrent: boolean;
  /** Whether its worlds can copy their state (BackendWorld.snapshot), so a setup applied once can seed later worlds. */
  copiesWorlds?: boolean;
  /** A fresh world with these accounts; or, given a state a world of this backend copied (`snapshot`), that state. */
  newWorld(accounts: AccountSpec[], from?: WorldState, opts?: NewWorldOptions): Promise<BackendWorld>;
  /**
   * The world as it is, built by hand (`xacct run --no-reset`): nothing reset, nothing applied. Each scenario starts
   * from the world as it was before the first one (a copy the server keeps), and the server holds it again at close.
   * Absent when the backend cannot keep a copy (then it cannot isolate scenarios on an existing world).
   */
  existingWorld?(): Promise<{ world: BackendWorld; accounts: string[] }>;
  /** Why a setup (its synthesized Terraform JSON) cannot be proved on this backend, if it cannot. */
  refuseSetup?(tf: object[]): string | undefined;
  close(): Promise<void>;
}
