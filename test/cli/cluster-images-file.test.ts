import { describe, expect, it } from 'vitest';
import { overrideIn, withOverride, withoutOverride } from '../../src/cli/lib/cluster-images-file';
import { Refusal } from '../../src/cli/lib/command';

const FILE = 'overlays/live/clusters/live-canary.yaml';
const REPOSITORY = 'registry.example.com/shopfront/shop';
const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;

const CANARY = ['# The canary takes every new digest first.', 'domain: canary.example.com', 'apps:', '  shop:', '    replicas: 2', ''].join('\n');

describe('editing a cluster overlay\'s image overrides', () => {
  it('appends images.<app> with the digest only, below everything else, when the file has no images', () => {
    const edited = withOverride(CANARY, FILE, 'shop', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY);
    expect(edited).toBe(`${CANARY}images:\n  shop:\n    digest: ${NEW}\n`);
    expect(overrideIn(edited, 'shop')).toEqual({ digest: NEW });
    // A file that does not end its last line still gets whole lines.
    expect(withOverride(CANARY.trimEnd(), FILE, 'shop', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY)).toBe(`${CANARY}images:\n  shop:\n    digest: ${NEW}\n`);
  });

  it('names the repository only where it differs from the environment\'s', () => {
    const edited = withOverride(CANARY, FILE, 'shop', { repository: 'registry.example.com/shopfront/shop-next', digest: NEW }, undefined, REPOSITORY);
    expect(edited).toBe(`${CANARY}images:\n  shop:\n    repository: registry.example.com/shopfront/shop-next\n    digest: ${NEW}\n`);
  });

  it('adds an app to an existing images mapping in the file\'s own indentation, after the apps already there', () => {
    const text = ['images:', '    # ledger runs ahead', '    ledger:', `        digest: ${OLD}`, 'domain: canary.example.com', ''].join('\n');
    const edited = withOverride(text, FILE, 'shop', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY);
    expect(edited).toBe(['images:', '    # ledger runs ahead', '    ledger:', `        digest: ${OLD}`, '    shop:', `        digest: ${NEW}`, 'domain: canary.example.com', ''].join('\n'));
  });

  it('changes an existing override in place (its quoting and comments kept), and inserts a digest missing below a repository', () => {
    const text = ['images:', '  shop:', `    digest: "${OLD}"`, '  ledger:', '    repository: registry.example.com/shopfront/ledger  # mirror', ''].join('\n');
    const shop = withOverride(text, FILE, 'shop', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY);
    expect(shop).toBe(text.replace(`"${OLD}"`, `"${NEW}"`));
    const ledger = withOverride(text, FILE, 'ledger', { repository: 'registry.example.com/shopfront/ledger', digest: NEW }, undefined, 'registry.example.com/shopfront/ledger');
    expect(ledger).toBe(`${text}    digest: ${NEW}\n`);
    expect(overrideIn(ledger, 'ledger')).toEqual({ repository: 'registry.example.com/shopfront/ledger', digest: NEW });
  });

  it('sets and removes a break-glass mark on the override\'s digest line', () => {
    const marked = withOverride(CANARY, FILE, 'shop', { repository: REPOSITORY, digest: NEW }, 'INC-7 hotfix', REPOSITORY);
    expect(marked).toBe(`${CANARY}images:\n  shop:\n    digest: ${NEW}  # break-glass: INC-7 hotfix\n`);
    expect(withOverride(marked, FILE, 'shop', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY)).toBe(`${CANARY}images:\n  shop:\n    digest: ${NEW}\n`);
  });

  it('removes the app\'s override, and images: with its last app, keeping the comment lines above', () => {
    const two = `${CANARY}images:\n  ledger:\n    digest: ${OLD}\n  # shop is ahead\n  shop:\n    digest: ${NEW}\nbackup:\n  prefix: live-canary\n`;
    const withoutShop = withoutOverride(two, FILE, 'shop');
    expect(withoutShop).toBe(`${CANARY}images:\n  ledger:\n    digest: ${OLD}\n  # shop is ahead\nbackup:\n  prefix: live-canary\n`);
    expect(withoutOverride(withoutShop, FILE, 'ledger')).toBe(`${CANARY}  # shop is ahead\nbackup:\n  prefix: live-canary\n`);
    // Round trip: adding an override and removing it again gives back the file as it was.
    expect(withoutOverride(withOverride(CANARY, FILE, 'shop', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY), FILE, 'shop')).toBe(CANARY);
    expect(withoutOverride(CANARY, FILE, 'shop')).toBe(CANARY);
  });

  it('refuses a flow-style images mapping, naming the file, instead of rewriting it', () => {
    const text = `images: {shop: {digest: ${OLD}}}\n`;
    expect(() => withOverride(text, FILE, 'ledger', { repository: REPOSITORY, digest: NEW }, undefined, REPOSITORY)).toThrow(new Refusal(`${FILE}: images is not a block mapping (one key per line), so an image cannot be set or removed there; write it as one`));
    expect(() => withoutOverride(text, FILE, 'shop')).toThrow(Refusal);
  });
});
