import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../../src/cli/lib/command';
import { imageIn, withImage } from '../../src/cli/lib/images-file';
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
    const web = withImage(text, 'images.yaml', 'web', { repository: 'registry.example.com/storefront/web', digest: NEW });
    expect(changedLines(text, web)).toEqual([[6, `    digest: "${NEW}"   # built from main`]]);

    const api = withImage(text, 'images.yaml', 'api', { repository: 'registry.example.com/storefront/api', digest: NEW });
    expect(changedLines(text, api)).toEqual([[9, `  api: {repository: registry.example.com/storefront/api, digest: ${NEW}}`]]);

    const worker = withImage(text, 'images.yaml', 'worker', { repository: 'registry.example.com/payments/worker2', digest: NEW });
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
    const edited = withImage(text, 'overlays/live/images.yaml', 'shop', { ...current, digest: NEW });
    const changed = changedLines(text, edited);
    expect(changed).toHaveLength(1);
    expect(changed[0]![1]).toBe(`    digest: ${NEW}`);
  });

  it('returns the text unchanged when the image is already set', () => {
    const text = readFileSync(path.join(FIXTURE_ROOT, 'overlays/dev/images.yaml'), 'utf8');
    expect(withImage(text, 'overlays/dev/images.yaml', 'ledger', imageIn(text, 'ledger')!)).toBe(text);
  });

  it('fails when the app has no entry', () => {
    const text = 'images:\n  web:\n    repository: registry.example.com/storefront/web\n    digest: ' + OLD + '\n';
    expect(() => withImage(text, 'overlays/dev/images.yaml', 'api', { repository: 'registry.example.com/storefront/api', digest: NEW })).toThrow(
      new Refusal("overlays/dev/images.yaml has no scalar images.api.repository; add the app's entry (repository and digest) first"),
    );
  });
});
