import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promoteCommand } from '../../src/cli/promote';
import { setImageCommand } from '../../src/cli/set-image';
import { checkoutState, git, gitRepository, runCli, snapshot } from '../support/cli';
import { synth } from '../../src/synth-pipeline';
import { fixtureCatalog, fixtureRepository } from '../support/fixture-repository';
import { readTree } from '../support/repo';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const LEDGER = 'registry.example.com/shopfront/ledger';
/** What the fixture's dev and qa run for ledger (live runs an older one). */
const LEDGER_IN_QA = 'sha256:ec80c7b7b9fba2b72ce8ba6e630ffce11ba0d94c78ed1cfd76651618be3c5530';
const LEDGER_IN_LIVE = 'sha256:fe64a7d21153b7c9d45cca1f07c8a2b403d4d4140692cd59f009878cac447c1a';

/** Lines of `after` that differ from `before` (same number of lines). */
function changedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  return after.split('\n').filter((line, i) => line !== old[i]);
}

async function expectRefused(root: string, args: readonly string[], code: number, message: string): Promise<void> {
  const before = snapshot(root);
  const result = await runCli(setImageCommand, [...args, '--root', root]);
  expect(result.err).toContain(message);
  expect(result.code).toBe(code);
  expect(snapshot(root)).toEqual(before);
}

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
    expect([...rendered.keys()].filter((f) => rendered.get(f) !== dist.get(f))).toEqual(['dev/dev/apps/ledger/deployment-ledger.yaml']);
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

  it('sets the first environment when --env is not given', async () => {
    const root = await fixtureRepository();
    const result = await runCli(setImageCommand, ['ledger', '--image', `${LEDGER}@${DIGEST}`, '--root', root]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('dev: ledger sha256:ec80c7b7b9fb -> sha256:dddddddddddd (overlays/dev/images.yaml, dist/dev/ re-rendered)');
  });

  describe('a later environment', () => {
    it('is refused, naming the commands that bring the image there by promotion', async () => {
      const root = await fixtureRepository();
      await expectRefused(root, ['ledger', '--env', 'live', '--image', `${LEDGER}@${DIGEST}`], 1, [
        'set-image refused: live is not the first environment of the chain (dev -> qa -> live): images are set in dev and reach live by promotion, so they run in each environment before the next. Instead run:',
        `  npm run set-image -- ledger --image ${LEDGER}@${DIGEST}`,
        `  npm run promote -- ledger --to qa --digest ${DIGEST}`,
        `  npm run promote -- ledger --to live --digest ${DIGEST}`,
        'In an incident, --break-glass "<reason>" sets live directly and records the reason in overlays/live/images.yaml.',
        'Nothing was changed.',
      ].join('\n'));
      // qa already runs this one: a single promotion is the way.
      await expectRefused(root, ['ledger', '--env', 'live', '--image', `${LEDGER}@${LEDGER_IN_QA}`], 1, `Instead run:\n  npm run promote -- ledger --to live --digest ${LEDGER_IN_QA}\nIn an incident`);
    });

    it('is set by --break-glass, with the reason as a comment on the digest line', async () => {
      const root = await fixtureRepository();
      const file = path.join(root, 'overlays/live/images.yaml');
      const before = readFileSync(file, 'utf8');
      const dist = readTree(path.join(root, 'dist'));

      const result = await runCli(setImageCommand, ['ledger', '--env', 'live', '--image', `${LEDGER}@${DIGEST}`, '--break-glass', ' CVE-2026-1234 hotfix, INC-512 ', '--root', root]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain('live: ledger sha256:fe64a7d21153 -> sha256:dddddddddddd by break-glass ("CVE-2026-1234 hotfix, INC-512") (overlays/live/images.yaml, dist/live/ re-rendered)');
      expect(changedLines(before, readFileSync(file, 'utf8'))).toEqual([`    digest: ${DIGEST}  # break-glass: CVE-2026-1234 hotfix, INC-512`]);
      const rendered = readTree(path.join(root, 'dist'));
      expect([...rendered.keys()].filter((f) => rendered.get(f) !== dist.get(f))).toEqual(['live/live/apps/ledger/deployment-ledger.yaml']);

      // The same again changes nothing.
      const again = await runCli(setImageCommand, ['ledger', '--env', 'live', '--image', `${LEDGER}@${DIGEST}`, '--break-glass', 'CVE-2026-1234 hotfix, INC-512', '--root', root]);
      expect(again.out).toBe(`live: ledger already runs ${LEDGER}@${DIGEST}; nothing changed.`);
    });

    it.each([
      ['empty', '', '--break-glass needs a reason'],
      ['blank', '   ', '--break-glass needs a reason'],
      ['too long', 'x'.repeat(201), '--break-glass reason is 201 characters long, expected at most 200'],
      ['two lines', 'hotfix\nrollback', '--break-glass reason contains the control character U+000A at position 7, expected one line of text'],
      ['a bidirectional override', 'hotfix \u202Eexif', '--break-glass reason contains the control character U+202E at position 8'],
    ])('refuses a break-glass reason that is %s', async (_, reason, message) => {
      await expectRefused(await fixtureRepository(), ['ledger', '--env', 'live', '--image', `${LEDGER}@${DIGEST}`, '--break-glass', reason], 2, `set-image: ${message}`);
    });

    it('refuses --break-glass for the first environment, and for an image the previous environment runs', async () => {
      const root = await fixtureRepository();
      await expectRefused(root, ['ledger', '--env', 'dev', '--image', `${LEDGER}@${DIGEST}`, '--break-glass', 'hotfix'], 1, 'set-image refused: --break-glass is for environments after dev; dev is set directly, without it');
      await expectRefused(root, ['ledger', '--env', 'live', '--image', `${LEDGER}@${LEDGER_IN_QA}`, '--break-glass', 'hotfix'], 1, `set-image refused: qa runs ${LEDGER}@${LEDGER_IN_QA} already, so no break-glass is needed; promote it: npm run promote -- ledger --to live --digest ${LEDGER_IN_QA}`);
    });

    it('keeps its mark through promotion of that image, and loses it when another image is promoted', async () => {
      const root = await fixtureRepository();
      expect((await runCli(setImageCommand, ['ledger', '--env', 'qa', '--image', `${LEDGER}@${DIGEST}`, '--break-glass', 'hotfix', '--root', root])).code).toBe(0);
      const carried = await runCli(promoteCommand, ['ledger', '--to', 'live', '--root', root]);
      expect(carried.code).toBe(0);
      expect(carried.out).toContain('note: qa runs this image by break-glass ("hotfix"); live carries the mark too');
      expect(readFileSync(path.join(root, 'overlays/live/images.yaml'), 'utf8')).toContain(`    digest: ${DIGEST}  # break-glass: hotfix\n`);

      // qa gets dev's image the normal way: its mark goes, and so does live's with the next promotion.
      const normal = await runCli(promoteCommand, ['ledger', '--to', 'qa', '--root', root]);
      expect(normal.out).toContain('qa: ledger sha256:dddddddddddd -> sha256:ec80c7b7b9fb (from dev');
      expect(readFileSync(path.join(root, 'overlays/qa/images.yaml'), 'utf8')).toContain(`    digest: ${LEDGER_IN_QA}\n`);
      expect((await runCli(promoteCommand, ['ledger', '--to', 'live', '--root', root])).code).toBe(0);
      const live = readFileSync(path.join(root, 'overlays/live/images.yaml'), 'utf8');
      expect(live).toContain(`    digest: ${LEDGER_IN_QA}\n`);
      expect(live).not.toContain('break-glass');
    });

    it('loses its mark when the previous environment comes to run the same image, by a promotion that only changes the overlay', async () => {
      const root = await gitRepository();
      // live runs what qa runs, marked by hand (as a break-glass fix that later went through the chain).
      const file = path.join(root, 'overlays/live/images.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(LEDGER_IN_LIVE, `${LEDGER_IN_QA}  # break-glass: hotfix`));
      await synth({ root, catalog: fixtureCatalog, only: ['live'] });
      git(root, 'commit', '--quiet', '--all', '-m', 'live: hotfix');

      const result = await runCli(promoteCommand, ['ledger', '--to', 'live', '--git', '--root', root]);
      expect(result.code).toBe(0);
      expect(result.out).toContain('live: ledger runs sha256:ec80c7b7b9fb like qa; break-glass mark removed (overlays/live/images.yaml)');
      expect(git(root, 'diff', '--name-only', 'HEAD', 'promote/ledger-live-ec80c7b7b9fb')).toBe('overlays/live/images.yaml');
      expect(git(root, 'log', '-1', '--format=%B', 'promote/ledger-live-ec80c7b7b9fb')).toContain('break-glass removed: hotfix');
    });
  });

  describe('with --git', () => {
    it('commits on set-image/<app>-<env>-<short digest> in a temporary worktree, with the break-glass reason in the message', async () => {
      const root = await gitRepository();
      const base = git(root, 'rev-parse', 'HEAD');
      const checkout = checkoutState(root);
      const result = await runCli(setImageCommand, ['ledger', '--env', 'live', '--image', `${LEDGER}@${DIGEST}`, '--break-glass', 'CVE-2026-1234 hotfix', '--git', '--root', root]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(checkoutState(root)).toEqual(checkout);
      expect(git(root, 'rev-parse', 'set-image/ledger-live-dddddddddddd^')).toBe(base);
      expect(git(root, 'diff', '--name-only', base, 'set-image/ledger-live-dddddddddddd').split('\n')).toEqual(['dist/live/live/apps/ledger/deployment-ledger.yaml', 'overlays/live/images.yaml']);
      const message = git(root, 'log', '-1', '--format=%B', 'set-image/ledger-live-dddddddddddd');
      expect(message.split('\n').slice(0, 3)).toEqual(['Set ledger in live: sha256:dddddddddddd (break-glass)', '', 'live runs this ledger image directly, not by promotion: CVE-2026-1234 hotfix']);
      expect(message).toContain('break-glass: CVE-2026-1234 hotfix');
      expect(message).toContain(`replaces: ${LEDGER_IN_LIVE}`);
    });
  });
});
