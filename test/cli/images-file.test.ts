import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../../src/cli/lib/command';
import { breakGlassIn, imageIn, withImage } from '../../src/cli/lib/images-file';
import { FIXTURE_ROOT } from '../support/fixture-repository';

const NEW = `sha256:${'b'.repeat(64)}`;
const OLD = `sha256:${'a'.repeat(64)}`;

/** Lines of `after` that differ from `before` (both must have the same number of lines). */
function changedLines(before: string, after: string): Array<[number, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return b.flatMap((line, i) => (line === a[i] ? [] : [[i + 1, line] as [number, string]]));
}

describe('editing images.yaml', () => {
  it('changes only the digest line of the app, keeping comments, order, quoting and spacing', () => {
    const text = [
      '# Images by digest only.',
      '',
      'images:',
      '  # the front end',
      '  web:',
      '    digest: "' + OLD + '"   # built from main',
      '    repository:   registry.example.com/storefront/web',
      '',
      '  api: {repository: registry.example.com/storefront/api, digest: ' + OLD + '}',
      '  worker:',
      "      repository: 'registry.example.com/payments/worker'",
      "      digest: '" + OLD + "'",
      '# trailing comment',
      '',
    ].join('\n');
    const web = withImage(text, 'images.yaml', 'web', { repository: 'registry.example.com/storefront/web', digest: NEW }, undefined);
    expect(changedLines(text, web)).toEqual([[6, `    digest: "${NEW}"   # built from main`]]);

    const api = withImage(text, 'images.yaml', 'api', { repository: 'registry.example.com/storefront/api', digest: NEW }, undefined);
    expect(changedLines(text, api)).toEqual([[9, `  api: {repository: registry.example.com/storefront/api, digest: ${NEW}}`]]);

    const worker = withImage(text, 'images.yaml', 'worker', { repository: 'registry.example.com/payments/worker2', digest: NEW }, undefined);
    expect(changedLines(text, worker)).toEqual([
      [11, "      repository: 'registry.example.com/payments/worker2'"],
      [12, `      digest: '${NEW}'`],
    ]);
    expect(imageIn(worker, 'worker')).toEqual({ repository: 'registry.example.com/payments/worker2', digest: NEW });
    expect(imageIn(worker, 'web')).toEqual({ repository: 'registry.example.com/storefront/web', digest: OLD });
  });

  it("changes exactly one line of the fixture repository's overlay", () => {
    const text = readFileSync(path.join(FIXTURE_ROOT, 'overlays/live/images.yaml'), 'utf8');
    const current = imageIn(text, 'shop')!;
    const edited = withImage(text, 'overlays/live/images.yaml', 'shop', { ...current, digest: NEW }, undefined);
    const changed = changedLines(text, edited);
    expect(changed).toHaveLength(1);
    expect(changed[0]![1]).toBe(`    digest: ${NEW}`);
  });

  it('returns the text unchanged when the image is already set', () => {
    const text = readFileSync(path.join(FIXTURE_ROOT, 'overlays/dev/images.yaml'), 'utf8');
    expect(withImage(text, 'overlays/dev/images.yaml', 'ledger', imageIn(text, 'ledger')!, undefined)).toBe(text);
  });

  it('fails when the app has no entry', () => {
    const text = 'images:\n  web:\n    repository: registry.example.com/storefront/web\n    digest: ' + OLD + '\n';
    expect(() => withImage(text, 'overlays/dev/images.yaml', 'api', { repository: 'registry.example.com/storefront/api', digest: NEW }, undefined)).toThrow(
      new Refusal("overlays/dev/images.yaml has no scalar images.api.repository; add the app's entry (repository and digest) first"),
    );
  });

  describe('the break-glass mark', () => {
    const LEDGER = 'registry.example.com/shopfront/ledger';
    const text = ['images:', '  ledger:', `    repository: ${LEDGER}`, `    digest: ${OLD}   # built from main`, '  shop:', '    repository: registry.example.com/shopfront/shop', `    digest: '${OLD}'`, ''].join('\n');

    it('is a comment after the digest; setting it replaces that line\'s comment, and nothing else changes', () => {
      const marked = withImage(text, 'images.yaml', 'ledger', { repository: LEDGER, digest: NEW }, 'CVE-2026-1234 hotfix # INC-512');
      expect(changedLines(text, marked)).toEqual([[4, `    digest: ${NEW}  # break-glass: CVE-2026-1234 hotfix # INC-512`]]);
      expect(breakGlassIn(marked, 'ledger')).toBe('CVE-2026-1234 hotfix # INC-512');
      expect(breakGlassIn(marked, 'shop')).toBeUndefined();
      expect(breakGlassIn(text, 'ledger')).toBeUndefined();
    });

    it('is removed by a change without one, and kept only where asked', () => {
      const marked = withImage(text, 'images.yaml', 'shop', { repository: 'registry.example.com/shopfront/shop', digest: NEW }, 'rollback');
      expect(changedLines(text, marked)).toEqual([[7, `    digest: '${NEW}'  # break-glass: rollback`]]);
      const cleared = withImage(marked, 'images.yaml', 'shop', { repository: 'registry.example.com/shopfront/shop', digest: NEW }, undefined);
      expect(changedLines(text, cleared)).toEqual([[7, `    digest: '${NEW}'`]]);
      // An ordinary comment is not a mark and stays when no mark is set.
      expect(withImage(text, 'images.yaml', 'ledger', { repository: LEDGER, digest: NEW }, undefined)).toBe(text.replace(OLD, NEW));
    });

    it('is read from the digest line only, not from a comment on the next line', () => {
      const below = ['images:', '  ledger:', `    repository: ${LEDGER}`, `    digest: ${OLD}`, '    # break-glass: not on the digest line', ''].join('\n');
      expect(breakGlassIn(below, 'ledger')).toBeUndefined();
    });

    it('cannot be set on a one-line flow mapping, where a comment would swallow the closing brace', () => {
      const flow = `images:\n  ledger: {repository: ${LEDGER}, digest: ${OLD}}\n`;
      expect(() => withImage(flow, 'overlays/live/images.yaml', 'ledger', { repository: LEDGER, digest: NEW }, 'hotfix')).toThrow(
        new Refusal('overlays/live/images.yaml: images.ledger.digest does not end its line, so it cannot carry a break-glass comment; write images.ledger as a block mapping (repository and digest on lines of their own)'),
      );
    });
  });
});
