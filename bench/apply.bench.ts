/**
 * Benchmark (not a test): synthesis and apply of the reference setup, measured separately.
 * Targets from issue 5: apply < 100 ms; synthesis + apply < 2 s.
 * `apply (emulator)` is the real in-process emulator; `apply (plan only)` uses a recording fake client layer and
 * measures the applier's own cost (validation, ordering, evaluation).
 * Run alone: node --import tsx bench/apply.bench.ts
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchApply(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const { synthReferenceSetup } = await import('../stacks/reference-setup.js');
  const importMs = ms(t0);

  const t1 = performance.now();
  const tf = synthReferenceSetup();
  const firstSynthMs = ms(t1);
  const synthRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    synthReferenceSetup();
    synthRuns.push(ms(t));
  }

  const { apply } = await import('../harness/apply/index.js');
  const { recordingClients } = await import('../harness/apply/testing/recording-clients.js');
  const planRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await apply(tf, { clients: recordingClients().factory });
    planRuns.push(ms(t));
  }

  const { startEmulator } = await import('../harness/index.js');
  const emuRuns: number[] = [];
  let emulatorError: string | undefined;
  for (let i = 0; i < 5 && !emulatorError; i++) {
    const emu = await startEmulator({ transport: 'in-process' });
    const t = performance.now();
    try {
      await apply(tf, { resolver: emu });
      emuRuns.push(ms(t));
    } catch (e) {
      emulatorError = e instanceof Error ? e.message : String(e);
    } finally {
      await emu.dispose();
    }
  }

  const applyMs = emuRuns.length ? median(emuRuns) : undefined;
  return {
    'cdktf + stack import (ms)': importMs,
    'synthesis, first (ms)': firstSynthMs,
    'synthesis, warm median (ms)': median(synthRuns),
    'apply (plan only, fake clients) median (ms)': median(planRuns),
    'apply (emulator, in-process) median (ms)': applyMs ?? `not measured: ${emulatorError}`,
    'synthesis + apply (ms)': applyMs !== undefined ? Math.round((importMs + firstSynthMs + applyMs) * 10) / 10 : 'n/a',
    'target apply < 100 ms': applyMs !== undefined ? applyMs < 100 : 'n/a',
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchApply();
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(48)} ${String(v)}`);
}
