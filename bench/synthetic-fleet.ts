import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { productionEnvironmentOf } from '../src/config/environment-config';

/**
 * The production environment of a repository's overlays: the end of the promotion chain
 * (overlays/environments.yaml), as `npm run check` decides it. The fleet scenario spreads it over
 * clusters, whatever the repository calls it.
 */
export function productionEnvironment(root: string): string {
  const environments = (parseDocument(readFileSync(path.join(root, 'overlays', 'environments.yaml'), 'utf8')).toJS() as { environments?: unknown }).environments;
  const last = Array.isArray(environments) ? productionEnvironmentOf(environments.map(String)) : undefined;
  if (last === undefined) throw new Error(`${path.join(root, 'overlays', 'environments.yaml')}: expected a list of environments`);
  return last;
}

/**
 * Turns one environment of a generated repository (a scratch copy) into a fleet of `count`
 * clusters: a canary wave of one cluster, then the rest, each cluster stating what a real one
 * would (its domain, and where the environment has them its StackRox cluster name and backup
 * prefix; only the first hosts StackRox Central). Clusters or waves the environment had are
 * replaced. The fleet scenario of the benchmark renders it; a test checks it passes `npm run check`.
 */
export function writeFleetClusters(root: string, environment: string, count: number): string[] {
  const dir = path.join(root, 'overlays', environment);
  const environmentFile = path.join(dir, 'environment.yaml');
  const doc = parseDocument(readFileSync(environmentFile, 'utf8'));
  const domain = String(doc.get('domain'));
  const platform = parseDocument(readFileSync(path.join(dir, 'platform.yaml'), 'utf8')).toJS() as { stackrox?: { central?: unknown }; backup?: unknown };
  const clusters = Array.from({ length: count }, (_, index) => `${environment}-c${String(index + 1).padStart(2, '0')}`);
  doc.set('waves', doc.createNode([{ name: 'canary', clusters: clusters.slice(0, 1) }, ...(count > 1 ? [{ name: 'rest', clusters: clusters.slice(1) }] : [])]));
  writeFileSync(environmentFile, doc.toString());
  rmSync(path.join(dir, 'clusters'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'clusters'), { recursive: true });
  for (const [index, cluster] of clusters.entries()) {
    const centralElsewhere = platform.stackrox?.central !== undefined && index > 0;
    const overlay = [
      `domain: ${cluster}.${domain}`,
      ...(platform.stackrox === undefined ? [] : ['stackrox:', `  clusterName: ${cluster}`]),
      ...(centralElsewhere ? [`  centralEndpoint: central.${clusters[0]}.${domain}:443`, '  central: null'] : []),
      ...(platform.backup === undefined ? [] : ['backup:', `  prefix: ${cluster}`]),
    ];
    writeFileSync(path.join(dir, 'clusters', `${cluster}.yaml`), `${overlay.join('\n')}\n`);
  }
  return clusters;
}
