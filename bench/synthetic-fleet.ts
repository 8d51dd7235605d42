import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

/**
 * Turns one environment of a generated repository into a fleet of `count` clusters: a canary
 * wave of one cluster, then the rest, each cluster stating what a real one would (its domain,
 * its StackRox cluster name, its backup prefix; only the first hosts StackRox Central). The
 * fleet scenario of the benchmark renders it; a test checks it passes `npm run check`.
 */
export function writeFleetClusters(root: string, environment: string, count: number): string[] {
  const dir = path.join(root, 'overlays', environment);
  const environmentFile = path.join(dir, 'environment.yaml');
  const doc = parseDocument(readFileSync(environmentFile, 'utf8'));
  const domain = String(doc.get('domain'));
  const platform = parseDocument(readFileSync(path.join(dir, 'platform.yaml'), 'utf8')).toJS() as { stackrox?: { central?: unknown } };
  const clusters = Array.from({ length: count }, (_, index) => `${environment}-c${String(index + 1).padStart(2, '0')}`);
  doc.set('waves', doc.createNode([{ name: 'canary', clusters: clusters.slice(0, 1) }, ...(count > 1 ? [{ name: 'rest', clusters: clusters.slice(1) }] : [])]));
  writeFileSync(environmentFile, doc.toString());
  mkdirSync(path.join(dir, 'clusters'), { recursive: true });
  for (const [index, cluster] of clusters.entries()) {
    const centralElsewhere = platform.stackrox?.central !== undefined && index > 0;
    const overlay = [
      `domain: ${cluster}.${domain}`,
      'stackrox:',
      `  clusterName: ${cluster}`,
      ...(centralElsewhere ? [`  centralEndpoint: central.${clusters[0]}.${domain}:443`, '  central: null'] : []),
      'backup:',
      `  prefix: ${cluster}`,
    ];
    writeFileSync(path.join(dir, 'clusters', `${cluster}.yaml`), `${overlay.join('\n')}\n`);
  }
  return clusters;
}
