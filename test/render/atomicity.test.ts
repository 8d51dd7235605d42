import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../charts/environment';
import { recoverInterruptedSwap } from '../../src/render/write-dist';
import { synth } from '../../src/synth-pipeline';
import { parseDocument } from 'yaml';
import { readTree, repositoryCatalog, runSynthCli, scratchRepository } from '../support/repo';

// These run the real synth command on a scratch copy of the real repository, so they use
// whichever apps it has: `anyApp` is the first one.
const [anyApp] = [...(await repositoryCatalog()).values()].map((entry) => entry.definition);

describe('a failed synth', () => {
  it('leaves dist/ unchanged when an overlay is invalid, and says why', () => {
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    const images = path.join(root, 'overlays/prod/images.yaml');
    const document = parseDocument(readFileSync(images, 'utf8'));
    document.setIn(['images', anyApp!.name, 'digest'], 'latest');
    writeFileSync(images, String(document));
    const result = runSynthCli(['--root', root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`overlays/prod/images\\.yaml:\\d+: images\\.${anyApp!.name}\\.digest: \`latest\` is not allowed`));
    expect(result.stderr).toContain('dist/ unchanged');
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('reports a chart input error as its message, without a stack trace, and writes nothing', () => {
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    const platform = path.join(root, 'overlays/dev/platform.yaml');
    const document = parseDocument(readFileSync(platform, 'utf8'));
    document.deleteIn(['teams', anyApp!.team]);
    writeFileSync(platform, String(document));
    const result = runSynthCli(['--root', root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`teams\\.${anyApp!.team}: missing, app '[a-z0-9-]+' belongs to team '${anyApp!.team}'`));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('leaves dist/ unchanged when a chart throws after other environments rendered', async () => {
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    await expect(
      synth({
        root,
        build: (app, props) => {
          if (props.environment.name === 'prod') throw new Error('chart exploded');
          buildEnvironment(app, props);
        },
      }),
    ).rejects.toThrow('chart exploded');
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('restores an environment a killed synth had moved aside but not replaced', () => {
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    // The state between the two renames of a swap: dist/dev moved into staging, nothing in place.
    const staging = path.join(root, '.synth-killed');
    mkdirSync(path.join(staging, 'dev'), { recursive: true });
    renameSync(path.join(root, 'dist/dev'), path.join(staging, 'old-dev'));
    recoverInterruptedSwap(path.join(root, 'dist'));
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('a successful synth removes files that are no longer rendered', async () => {
    const root = scratchRepository();
    writeFileSync(path.join(root, `dist/dev/apps/${anyApp!.name}/configmap-stale.yaml`), 'stale: true\n');
    mkdirSync(path.join(root, 'dist/qa'));
    const summaries = await synth({ root });
    expect(summaries.find((s) => s.name === 'dev')?.removed).toBe(1);
    const tree = readTree(path.join(root, 'dist'));
    expect(tree.has(`dev/apps/${anyApp!.name}/configmap-stale.yaml`)).toBe(false);
    expect([...tree.keys()].some((f) => f.startsWith('qa/'))).toBe(false);
  });
});
