import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setImageCommand } from '../../src/cli/set-image';
import { runCli, snapshot } from '../support/cli';
import { fixtureRepository } from '../support/fixture-repository';
import { readTree } from '../support/repo';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const LEDGER = 'registry.example.com/shopfront/ledger';

describe('npm run set-image', () => {
  it("sets the app's image in one environment, keeping the rest of the file, and re-renders it", async () => {
    const root = await fixtureRepository();
    const file = path.join(root, 'overlays/dev/images.yaml');
    const before = readFileSync(file, 'utf8');
    const dist = readTree(path.join(root, 'dist'));

    const result = await runCli(setImageCommand, ['ledger', '--env', 'dev', '--image', `${LEDGER}@${DIGEST}`, '--root', root]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('dev: ledger sha256:ec80c7b7b9fb -> sha256:dddddddddddd (overlays/dev/images.yaml, dist/dev/ re-rendered)');

    const after = readFileSync(file, 'utf8');
    expect(after.split('\n').filter((line, i) => line !== before.split('\n')[i])).toEqual([`    digest: ${DIGEST}`]);
    const rendered = readTree(path.join(root, 'dist'));
    expect([...rendered.keys()].filter((f) => rendered.get(f) !== dist.get(f))).toEqual(['dev/apps/ledger/deployment-ledger.yaml']);
  });

  it.each([
    ['a tag', `${LEDGER}:2.0.1`, "image 'registry.example.com/shopfront/ledger:2.0.1': '2.0.1' is a tag"],
    ['latest', `${LEDGER}:latest`, '`latest` is a moving tag'],
    ['a malformed digest', `${LEDGER}@sha256:xyz`, "malformed digest 'sha256:xyz'"],
    ['a registry that is not allowed', `docker.io/library/ledger@${DIGEST}`, "registry of 'docker.io/library/ledger' is not allowed in dev, expected one of: registry.example.com"],
  ])('fails on %s, changing nothing', async (_, image, message) => {
    const root = await fixtureRepository();
    const before = snapshot(root);
    const result = await runCli(setImageCommand, ['ledger', '--env', 'dev', '--image', image, '--root', root]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(snapshot(root)).toEqual(before);
  });

  it('fails on an unknown app or environment, changing nothing', async () => {
    const root = await fixtureRepository();
    const before = snapshot(root);
    const app = await runCli(setImageCommand, ['orders', '--env', 'dev', '--image', `${LEDGER}@${DIGEST}`, '--root', root]);
    expect(app.err).toContain("set-image refused: unknown app 'orders', expected one of: ledger, settle, shop");
    const env = await runCli(setImageCommand, ['ledger', '--env', 'uat', '--image', `${LEDGER}@${DIGEST}`, '--root', root]);
    expect(env.err).toContain("set-image refused: unknown environment 'uat'");
    expect([app.code, env.code]).toEqual([1, 1]);
    expect(snapshot(root)).toEqual(before);
  });

  it('fails with usage help when arguments are missing', async () => {
    const result = await runCli(setImageCommand, ['ledger', '--env', 'dev']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('set-image: --image <repository>@sha256:<digest> is required');
    expect(result.err).toContain('Usage: npm run set-image');
  });
});
