import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { CatalogEntry } from '../src/app-catalog';
import { defineApp } from '../charts/lib/app-definition';

/**
 * N generated applications shaped like the real examples (an exposed web tier with metrics and
 * an HPA), so every app renders the full object set: Namespace baseline, Deployment, Service,
 * Ingress, HPA, PDB, NetworkPolicy, ServiceMonitor, ServiceAccount, ConfigMap.
 */
export function syntheticCatalog(count: number): Map<string, CatalogEntry> {
  const catalog = new Map<string, CatalogEntry>();
  for (let i = 0; i < count; i++) {
    const name = syntheticName(i);
    const definition = defineApp({
      name,
      team: 'storefront',
      port: 8080,
      healthPath: '/healthz',
      resources: { cpu: '50m', memory: '64Mi' },
      metricsPort: 9090,
      expose: true,
      config: { LOG_FORMAT: 'json', APP_INDEX: String(i) },
    });
    catalog.set(name, { definition, file: `bench/synthetic-apps.ts#${name}` });
  }
  return catalog;
}

export function syntheticName(index: number): string {
  return `bench-${String(index).padStart(4, '0')}`;
}

/** A deterministic, well-formed fake digest per app and environment. */
function digestFor(name: string, env: string): string {
  let hex = '';
  let seed = 0;
  for (const ch of `${name}/${env}`) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  while (hex.length < 64) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    hex += seed.toString(16).padStart(8, '0');
  }
  return `sha256:${hex.slice(0, 64)}`;
}

/**
 * A copy of the repository's overlays/ under `root` with the generated apps added to every
 * environment's apps.yaml and images.yaml (through the yaml Document API, like a person would),
 * and quotas sized so the tenancy checks pass.
 */
export function writeSyntheticOverlays(repoRoot: string, root: string, names: readonly string[]): void {
  cpSync(path.join(repoRoot, 'overlays'), path.join(root, 'overlays'), { recursive: true });
  const environments = (parseDocument(readFileSync(path.join(root, 'overlays/environments.yaml'), 'utf8')).toJS() as { environments: string[] }).environments;
  for (const env of environments) {
    edit(path.join(root, 'overlays', env, 'apps.yaml'), (doc) => {
      for (const name of names) doc.setIn(['apps', name], doc.createNode({ autoscaling: { minReplicas: 2, maxReplicas: 4 } }));
    });
    edit(path.join(root, 'overlays', env, 'images.yaml'), (doc) => {
      for (const name of names) doc.setIn(['images', name], doc.createNode({ repository: `registry.example.com/bench/${name}`, digest: digestFor(name, env) }));
    });
  }
}

function edit(file: string, change: (doc: ReturnType<typeof parseDocument>) => void): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  change(doc);
  writeFileSync(file, doc.toString());
}
