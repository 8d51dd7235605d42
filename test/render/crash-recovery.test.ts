import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CRASH_AT_VARIABLE, DELAY_VARIABLE, type PublishPoint } from '../../src/render/publish-hook';
import { renderAll, synth } from '../../src/synth-pipeline';
import { readTree } from '../support/repo';
import { changeEveryEnvironment, renderedTree, runEntry, scratchRoot, startEntry, type Finished } from './support/writers';

/** Seeded, so a failure names a kill that can be replayed. */
const SEED = 0x5eed_c4a5;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kill = { readonly at: PublishPoint; readonly occurrence: number } | { readonly afterMs: number };

/** The publish points of a synth that changes three environments, before and after its commit record. */
const BEFORE_COMMIT: Array<[PublishPoint, number]> = [['staging', 1], ['staged', 1], ['staged', 2], ['staged', 3]];
const MID_SWAP: Array<[PublishPoint, number]> = [['committed', 1], ['moved-aside', 1], ['published', 1], ['moved-aside', 2], ['published', 2], ['moved-aside', 3], ['published', 3]];
const AFTER_SWAP: Array<[PublishPoint, number]> = [['published', 3], ['cleaning', 1]];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Runs a synth of `root` and kills it with SIGKILL at the point, or that long after it began publishing. */
async function killedSynth(root: string, kill: Kill): Promise<Finished> {
  if ('at' in kill) return runEntry('src/synth.ts', ['--root', root], { [CRASH_AT_VARIABLE]: `${kill.at}:${kill.occurrence}` });
  // Slowed at each point so the kill lands anywhere in publishing (or after it, if it is quicker).
  const running = startEntry('src/synth.ts', ['--root', root], { [DELAY_VARIABLE]: '25' });
  await running.printed('publish-point staging');
  await sleep(kill.afterMs);
  running.child.kill('SIGKILL');
  return running.finished;
}

/** What a scratch repository looks like before and after the synth that gets killed. */
interface Scenario {
  readonly oldTree: Map<string, string>;
  readonly newTree: Map<string, string>;
  readonly environments: readonly string[];
}

/** A scratch repository whose overlays change every environment; dist/ still holds the old output. */
function prepareRoot(): { root: string; environments: string[] } {
  const root = scratchRoot();
  return { root, environments: changeEveryEnvironment(root) };
}

/**
 * One kill: the synth dies, then the next synth (stopped by an overlay mistake right after its
 * recovery, before it writes anything) must say what it restored and leave dist/ exactly old or
 * exactly new; if old, a synth after it publishes the new output whole.
 */
async function killAndRecover(kill: Kill, scenario: Scenario): Promise<void> {
  const label = JSON.stringify(kill);
  const { root } = prepareRoot();
  const dist = path.join(root, 'dist');
  const images = path.join(root, `overlays/${scenario.environments.at(-1)}/images.yaml`);
  const validImages = readFileSync(images, 'utf8');

  const killed = await killedSynth(root, kill);
  writeFileSync(images, validImages.replace(/digest: sha256:[0-9a-f]{64}/, 'digest: latest'));
  const next = await runEntry('src/synth.ts', ['--root', root]);
  writeFileSync(images, validImages);
  expect(next.status, label).toBe(1);
  expect(next.stderr, label).toContain('dist/ unchanged');
  const recovered = readTree(dist);

  if (killed.status === 0) {
    // Killed from outside after it had already finished.
    expect(recovered, label).toEqual(scenario.newTree);
    return;
  }
  expect(killed.signal, label).toBe('SIGKILL');
  if (!next.stderr.includes(`synth: removed a stale writer lock of pid ${killed.pid} `)) {
    // Killed after it had published and released the lock, before the process ended: nothing
    // was left to recover, and dist/ holds the new output whole.
    expect(next.stderr, label).not.toMatch(/^synth: (recovered|removed the leftover)/m);
    expect(recovered, label).toEqual(scenario.newTree);
    return;
  }
  const line = next.stderr.split('\n').find((l) => l.startsWith('synth: recovered') || l.startsWith('synth: removed the leftover')) ?? '';
  const expected = expectedOutcome(kill, line, scenario.environments.join(', '));
  expect(line, label).toMatch(expected.line);
  expect(recovered, label).toEqual(expected.tree === 'old' ? scenario.oldTree : scenario.newTree);
  if (expected.tree === 'old') {
    await synth({ root });
    expect(readTree(dist), label).toEqual(scenario.newTree);
  }
}

function expectedOutcome(kill: Kill, line: string, environments: string): { tree: 'old' | 'new'; line: RegExp } {
  const committed = new RegExp(`it had committed, so its publishing was completed; dist/ now holds its output for ${environments}$`);
  const discarded = new RegExp(`it had not committed, so its staged output for ${environments} was discarded; dist/ is as it was before it$`);
  const leftovers = /removed the leftover staging folder of an interrupted write .*; dist\/ was whole$/;
  if ('at' in kill) {
    if (BEFORE_COMMIT.some(([point]) => point === kill.at)) return { tree: 'old', line: discarded };
    return kill.at === 'cleaning' ? { tree: 'new', line: leftovers } : { tree: 'new', line: committed };
  }
  // Killed from outside: the line says which side of the commit record it was.
  if (discarded.test(line)) return { tree: 'old', line: discarded };
  return { tree: 'new', line: leftovers.test(line) ? leftovers : committed };
}

describe('a synth killed while it writes dist/ (every environment changing)', () => {
  it('leaves exactly the old or exactly the new dist/ once the next writer recovers, which says what it restored', async () => {
    const random = mulberry32(SEED);
    const { root, environments } = prepareRoot();
    const oldTree = readTree(path.join(root, 'dist'));
    const newTree = renderedTree(await renderAll({ root }));
    for (const env of environments) {
      const differs = [...newTree.keys()].some((file) => file.startsWith(`${env}/`) && oldTree.get(file) !== newTree.get(file));
      expect(differs, `${env} changes`).toBe(true);
    }
    const named = ([at, occurrence]: [PublishPoint, number]): Kill => ({ at, occurrence });
    const kills: Kill[] = [named(pick(random, BEFORE_COMMIT)), named(pick(random, MID_SWAP)), named(pick(random, AFTER_SWAP)), { afterMs: Math.round(random() * 350) }];
    // Each kill in its own scratch repository, all at once: they are independent.
    await Promise.all(kills.map((kill) => killAndRecover(kill, { oldTree, newTree, environments })));
  });
});
