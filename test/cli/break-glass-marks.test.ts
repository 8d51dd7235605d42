import { describe, expect, it } from 'vitest';
import { mayHoldBreakGlassMark } from '../../src/cli/lib/break-glass';
import { breakGlassIn, parseText } from '../../src/cli/lib/images-file';

const DIGEST = `sha256:${'1'.repeat(64)}`;

/** Entries in every shape images.yaml allows: marked or not, quoted, a flow mapping, a comment below. */
const TEXT = [
  'images:',
  '  ledger:',
  '    repository: registry.example.com/shopfront/ledger',
  `    digest: ${DIGEST}  # break-glass: CVE-2026-1234 hotfix # INC-512`,
  '  shop:',
  '    repository: registry.example.com/shopfront/shop',
  `    digest: '${DIGEST}'   # built from main`,
  '  settle:',
  '    repository: registry.example.com/settlement/settle',
  `    digest: "${DIGEST}" #break-glass:rollback`,
  `  audit: {repository: registry.example.com/settlement/audit, digest: ${DIGEST}}`,
  '  notify:',
  '    repository: registry.example.com/settlement/notify',
  `    digest: ${DIGEST}`,
  '    # break-glass: a comment on a line of its own is not a mark',
  '',
].join('\n');

describe('reading a break-glass mark without parsing', () => {
  it('is possible exactly where the text never mentions the mark', () => {
    expect(mayHoldBreakGlassMark(TEXT)).toBe(true);
    expect(mayHoldBreakGlassMark(TEXT.replaceAll('break-glass', 'emergency'))).toBe(false);
  });

  it('gives what the parse gives, app by app, marked or not', () => {
    const unmarked = TEXT.replaceAll('break-glass', 'emergency');
    for (const app of ['ledger', 'shop', 'settle', 'audit', 'notify', 'absent']) {
      expect(breakGlassIn(TEXT, app), app).toBe(breakGlassIn(parseText(TEXT), app));
      expect(breakGlassIn(unmarked, app), app).toBeUndefined();
    }
    expect(breakGlassIn(TEXT, 'ledger')).toBe('CVE-2026-1234 hotfix # INC-512');
    expect(breakGlassIn(TEXT, 'settle')).toBe('rollback');
    // Text that could not be parsed at all holds no mark either; the shortcut never parses it.
    expect(breakGlassIn('images: [\n', 'shop')).toBeUndefined();
  });
});
