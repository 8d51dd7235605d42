import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../charts/environment';
import { setImageCommand } from '../../src/cli/set-image';
import { PublishInterrupted, recoverDist } from '../../src/render/publish-dist';
import type { PublishHook } from '../../src/render/publish-hook';
import { lockDirectory } from '../../src/writer-lock/writer-lock';
import { renderAll, synth } from '../../src/synth-pipeline';
import { changeEveryEnvironment, renderedTree, scratchRoot } from './support/writers';
import { runCli } from '../support/cli';
import { parseDocument } from 'yaml';
import { readTree, repositoryCatalog, runSynthCli, scratchRepository } from '../support/repo';
import { environmentConfig, environmentNames, firstEnvironment, productionEnvironment } from '../support/platform';

// These run synth on a scratch copy of the real repository, so they use whichever apps it has:
// `anyApp` is the first one; environments are named as the repository names them.
const catalog = await repositoryCatalog();
const [anyApp] = [...catalog.values()].map((entry) => entry.definition);

describe('a failed synth', () => {
  it('leaves dist/ unchanged when an overlay is invalid, and says why', () => {
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    const production = productionEnvironment();
    const images = path.join(root, `overlays/${production}/images.yaml`);
    const document = parseDocument(readFileSync(images, 'utf8'));
    document.setIn(['images', anyApp!.name, 'digest'], 'latest');
    writeFileSync(images, String(document));
    const result = runSynthCli(['--root', root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`overlays/${production}/images\\.yaml:\\d+: images\\.${anyApp!.name}\\.digest: \`latest\` is not allowed`));
    expect(result.stderr).toContain('dist/ unchanged');
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
    // The writer lock went with the failure.
    expect(existsSync(lockDirectory(root))).toBe(false);
  });

  it('reports a chart input error as its message, without a stack trace, and writes nothing', () => {
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    const platform = path.join(root, `overlays/${firstEnvironment()}/platform.yaml`);
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
    // The end of the promotion chain renders last: the others are rendered by then.
    const production = productionEnvironment();
    const root = scratchRepository();
    const before = readTree(path.join(root, 'dist'));
    await expect(
      synth({
        root,
        build: (app, props) => {
          if (props.environment.name === production) throw new Error('chart exploded');
          buildEnvironment(app, props);
        },
      }),
    ).rejects.toThrow('chart exploded');
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });

  it('is finished by the next writer when it stopped between renames after its commit record', async () => {
    const root = scratchRoot();
    const changed = changeEveryEnvironment(root);
    const fresh = renderedTree(await renderAll({ root }));
    // The first environment swapped in, the others not yet: what a crash between renames leaves.
    const stopAfterFirst: PublishHook = (point) => {
      if (point === 'published') throw new Error('stopped between renames');
    };
    await expect(synth({ root, onPublishPoint: stopAfterFirst })).rejects.toThrow(PublishInterrupted);
    const mixed = readTree(path.join(root, 'dist'));
    expect([...fresh.keys()].filter((file) => mixed.get(file) !== fresh.get(file)).length).toBeGreaterThan(0);

    expect(recoverDist(path.join(root, 'dist'))).toEqual([{ outcome: 'finished', environments: changed }]);
    expect(readTree(path.join(root, 'dist'))).toEqual(fresh);
    expect(readdirSync(root).filter((name) => name.startsWith('.synth-'))).toEqual([]);
  });

  it('is recovered first by set-image too, before it reads the overlays, even when it then refuses', async () => {
    const root = scratchRoot();
    const changed = changeEveryEnvironment(root);
    const fresh = renderedTree(await renderAll({ root }));
    const stopAfterFirst: PublishHook = (point) => {
      if (point === 'published') throw new Error('stopped between renames');
    };
    await expect(synth({ root, onPublishPoint: stopAfterFirst })).rejects.toThrow(PublishInterrupted);

    const refused = await runCli(setImageCommand, ['no-such-app', '--env', changed[0]!, '--image', `registry.example.com/team/none@sha256:${'c'.repeat(64)}`, '--root', root], catalog);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`set-image: recovered an interrupted write: it had committed, so its publishing was completed; dist/ now holds its output for ${changed.join(', ')}`);
    expect(readTree(path.join(root, 'dist'))).toEqual(fresh);
  });

  it('a successful synth removes files that are no longer rendered', async () => {
    const root = scratchRepository();
    const first = firstEnvironment();
    const firstTree = environmentConfig(first).cluster.distPath;
    writeFileSync(path.join(root, `dist/${firstTree}/apps/${anyApp!.name}/configmap-stale.yaml`), 'stale: true\n');
    // The folder of an environment the repository no longer has.
    const retired = 'retired-environment';
    expect(environmentNames()).not.toContain(retired);
    mkdirSync(path.join(root, `dist/${retired}`));
    const summaries = await synth({ root });
    expect(summaries.find((s) => s.name === first)?.removed).toBe(1);
    const tree = readTree(path.join(root, 'dist'));
    expect(tree.has(`${firstTree}/apps/${anyApp!.name}/configmap-stale.yaml`)).toBe(false);
    expect([...tree.keys()].some((f) => f.startsWith(`${retired}/`))).toBe(false);
  });
});
