/**
 * The snapshots a server keeps for POST /_xacct/snapshot (xacct's own, not AWS): copies of the world a runner
 * resets to, one per distinct setup. They live in memory, so they are bounded in count and in bytes.
 *
 * Policy (documented in the README): beyond either bound the least recently used snapshots (taken or reset to) are
 * dropped to make room, so a long-running server keeps serving run after run, and a reset to a dropped one answers
 * 404; a world larger than the byte bound on its own is refused (507) and kept nowhere, which a runner takes as
 * "cannot be copied" and applies its setup for each scenario instead. The size is an estimate of what the copy holds: every Buffer's bytes (S3
 * object bodies), every string's length and a fixed overhead per object, walked once over the copy.
 */
import { copyWorld } from '../../world/snapshot.js';
import type { World } from '../../world/world.js';

export interface SnapshotLimits {
  /** Snapshots kept at most. */
  count: number;
  /** Estimated bytes held by all snapshots together at most. */
  bytes: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = { count: 100, bytes: 256 * 1024 * 1024 };

/** What one object, array, Map or Set entry costs beyond its contents (pointers, hidden class, hash slot). */
const OVERHEAD = 64;

/** An estimate of the bytes `value` holds: each distinct Buffer, string and object counted once. */
export function estimateBytes(value: unknown): number {
  const seen = new Set<object>();
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length;
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') total += 8;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    total += OVERHEAD;
    if (ArrayBuffer.isView(v)) total += v.byteLength;
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else if (!(v instanceof Date)) for (const k of Reflect.ownKeys(v)) stack.push(typeof k === 'string' ? k : undefined, (v as Record<string | symbol, unknown>)[k]);
  }
  return total;
}

export class SnapshotTooLarge extends Error {}

function size(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

interface Kept {
  world: World;
  bytes: number;
}

/** One server's snapshots, least recently used first. */
export class SnapshotStore {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  private next = 0;

  constructor(public limits: SnapshotLimits = DEFAULT_SNAPSHOT_LIMITS) {}

  /** Keeps a copy of `world` and returns its id; throws NotCopyable or SnapshotTooLarge. */
  take(world: World): { id: string; world: World; bytes: number } {
    const copy = copyWorld(world);
    const bytes = estimateBytes(copy);
    if (bytes > this.limits.bytes) {
      throw new SnapshotTooLarge(`the world holds about ${size(bytes)}, more than the ${size(this.limits.bytes)} this server keeps for all snapshots`);
    }
    for (const [id, old] of this.kept) {
      if (this.kept.size < this.limits.count && this.bytes + bytes <= this.limits.bytes) break;
      this.kept.delete(id);
      this.bytes -= old.bytes;
    }
    const id = `snapshot-${++this.next}`;
    this.kept.set(id, { world: copy, bytes });
    this.bytes += bytes;
    return { id, world: copy, bytes };
  }

  /** What is kept, for messages. */
  describeLimits(): string {
    return `this server keeps ${this.limits.count} snapshots, ${size(this.limits.bytes)} in all, and drops the least recently used`;
  }

  /** A fresh copy of a kept snapshot, so the snapshot stays as it was for the next reset. */
  restore(id: string): World | undefined {
    const kept = this.kept.get(id);
    if (!kept) return undefined;
    this.kept.delete(id);
    this.kept.set(id, kept);
    return copyWorld(kept.world);
  }
}
