import { describe, expect, it } from 'vitest';
import { diffDistTrees, formatDistDiff } from '../../src/cli/lib/dist-diff';

const object = (kind: string, name: string, extra: Record<string, unknown> = {}) => `kind: ${kind}\nmetadata:\n  name: ${name}\n${Object.entries(extra).map(([key, value]) => `${key}: ${String(value)}\n`).join('')}`;

describe('diffing dist/ trees of clusters', () => {
  it('assigns each changed file its environment, cluster and folder, and leaves the chart facts to the chart diff', () => {
    const base = new Map([
      ['live/live-eu/apps/shop/deployment-shop.yaml', object('Deployment', 'shop', { replicas: 2 })],
      ['live/live-eu/chart-facts/ingress.json', '{}\n'],
    ]);
    const head = new Map([
      ['live/live-eu/apps/shop/deployment-shop.yaml', object('Deployment', 'shop', { replicas: 3 })],
      ['live/live-eu/argocd/application-shop.yaml', object('Application', 'shop')],
      ['live/live-eu/restore/restore-rebuild.yaml', object('Restore', 'rebuild')],
      ['live/live-eu/root.yaml', object('Application', 'root')],
      ['live/live-eu/chart-facts/ingress.json', '{"changed": true}\n'],
    ]);
    expect(diffDistTrees(base, head).map((c) => [c.env, c.cluster, c.folder, c.kind, c.object])).toEqual([
      ['live', 'live-eu', 'apps/shop', 'changed', 'Deployment shop'],
      ['live', 'live-eu', 'argocd', 'added', 'Application shop'],
      ['live', 'live-eu', 'restore', 'added', 'Restore rebuild'],
      ['live', 'live-eu', '', 'added', 'Application root'],
    ]);
  });

  it('titles a tree by its environment when its one cluster is named after it, else environment/cluster, listing the given clusters without changes', () => {
    const changes = diffDistTrees(
      new Map([['live/live-eu/apps/shop/deployment-shop.yaml', object('Deployment', 'shop', { replicas: 2 })], ['dev/dev/apps/shop/deployment-shop.yaml', object('Deployment', 'shop', { replicas: 1 })]]),
      new Map([['live/live-eu/apps/shop/deployment-shop.yaml', object('Deployment', 'shop', { replicas: 3 })], ['dev/dev/apps/shop/deployment-shop.yaml', object('Deployment', 'shop', { replicas: 2 })]]),
    );
    expect(formatDistDiff(changes, { environments: ['dev', 'qa', 'live'], clusters: new Map([['live', ['live-canary', 'live-eu']]]), title: 'Changes:' }).split('\n')).toEqual([
      'Changes:',
      '',
      '### dev',
      '- apps/shop: 0 added, 1 changed, 0 removed',
      '  - changed Deployment shop: replicas',
      '',
      '### qa',
      'No changes.',
      '',
      '### live/live-canary',
      'No changes.',
      '',
      '### live/live-eu',
      '- apps/shop: 0 added, 1 changed, 0 removed',
      '  - changed Deployment shop: replicas',
      '',
      'Total: 0 added, 2 changed, 0 removed.',
    ]);
  });
});
