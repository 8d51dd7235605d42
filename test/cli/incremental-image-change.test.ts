import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { runCli } from '../support/cli';
import { fixtureRepository } from '../support/fixture-repository';
import { fleetRepository } from '../support/fleet-repository';
import { differingFiles, fullSynth } from '../support/full-synth';
import { readTree } from '../support/repo';

/**
 * set-image and promote re-render only what the image change affects (the app's folders,
 * src/render/render-app-change.ts): the result is a full synth's, and the rest of the
 * environment's tree is left as it was (the same files, not rewritten copies).
 */

/** Inode numbers: a file or folder that was replaced gets a new one. */
function inodes(root: string, paths: readonly string[]): number[] {
  return paths.map((p) => statSync(path.join(root, 'dist', p)).ino);
}

describe('set-image and promote re-render only the app\'s folders', () => {
  it('set-image: dist/ is a full synth\'s, and the environment\'s other files are the same files', async () => {
    const root = await fixtureRepository();
    const before = readTree(path.join(root, 'dist'));
    const kept = ['dev', 'dev/dev/argocd/application-shop.yaml', 'dev/dev/apps/ledger/deployment-ledger.yaml'];
    const keptInodes = inodes(root, kept);

    const result = await runCli(setImageCommand, ['shop', '--image', `registry.example.com/shopfront/shop@sha256:${'ab'.repeat(32)}`, '--root', root]);

    expect(result.code, result.err).toBe(0);
    const after = readTree(path.join(root, 'dist'));
    expect(differingFiles(after, await fullSynth(root))).toEqual([]);
    expect(differingFiles(before, after)).toEqual(['dev/dev/apps/shop/deployment-shop.yaml']);
    expect(inodes(root, kept)).toEqual(keptInodes);
    expect(result.out).toContain('changed Deployment shop/shop: spec.template.spec.containers[shop].image');
  });

  it('promote into an environment of several clusters: dist/ is a full synth\'s, the rest of the environment untouched', async () => {
    const root = await fleetRepository();
    // dev runs a new ledger image, so qa (qa-a and qa-b) has one to take.
    expect((await runCli(setImageCommand, ['ledger', '--image', `registry.example.com/shopfront/ledger@sha256:${'cd'.repeat(32)}`, '--root', root])).code).toBe(0);
    const before = readTree(path.join(root, 'dist'));
    const kept = ['qa', 'qa/qa-a/argocd', 'qa/qa-b/apps/shop/deployment-shop.yaml'];
    const keptInodes = inodes(root, kept);

    const result = await runCli(promoteCommand, ['ledger', '--to', 'qa', '--root', root]);

    expect(result.code, result.err).toBe(0);
    const after = readTree(path.join(root, 'dist'));
    expect(differingFiles(after, await fullSynth(root))).toEqual([]);
    expect(differingFiles(before, after)).toEqual(['qa/qa-a/apps/ledger/deployment-ledger.yaml', 'qa/qa-b/apps/ledger/deployment-ledger.yaml']);
    expect(inodes(root, kept)).toEqual(keptInodes);
  });
});
