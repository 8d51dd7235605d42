import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, REPO_ROOT, renderRepository } from './support/repo';

/**
 * The committed dist/ is what Argo CD syncs; it must be exactly what the code renders now.
 * This is the check CI runs on every submission.
 */
describe('committed dist/', () => {
  it('equals a fresh synth (run `npm run synth` and commit dist/ if this fails)', async () => {
    const environments = await renderRepository();
    const committed = readTree(path.join(REPO_ROOT, 'dist'));
    const fresh = new Map<string, string>();
    for (const env of environments) for (const [file, content] of env.files) fresh.set(`${env.name}/${file}`, content);
    const differing = [...new Set([...committed.keys(), ...fresh.keys()])].filter((file) => committed.get(file) !== fresh.get(file)).sort();
    expect(differing, 'files differing from a fresh synth').toEqual([]);
  });
});
