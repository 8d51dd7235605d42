import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeCacheFile } from '../check/schema/cache-file';
import type { KubeObject } from '../render/rendered-object';
import type { HelmRenderRequest } from './helm-render-request';

/** Bumped when what is stored, or how a request maps to helm arguments, changes. */
const FORMAT = 1;

/** Everything `helm template` output depends on; equal keys mean byte-identical renders. */
export interface RenderKeyInputs {
  readonly request: HelmRenderRequest;
  /** Content digest of the chart directory (chart-digest.ts): a changed chart is a new key. */
  readonly chartDigest: string;
  readonly helmVersion: string;
}

/**
 * The cache key of one render: sha256 of the chart (name, version, content digest), the helm
 * version, the release name and namespace, the Kubernetes version, the API versions (a set, so
 * sorted), the flags and the values (keys sorted, so key order in the Application does not
 * matter). The environment and Application names are not part of it: two Applications rendering
 * the same chart the same way share one entry.
 */
export function renderKey({ request, chartDigest, helmVersion }: RenderKeyInputs): string {
  const inputs = {
    format: FORMAT,
    helmVersion,
    chart: request.chart,
    version: request.version,
    chartDigest,
    releaseName: request.releaseName,
    namespace: request.namespace ?? null,
    kubeVersion: request.kubeVersion,
    apiVersions: [...new Set(request.apiVersions)].sort(),
    includeCrds: request.includeCrds,
    skipTests: request.skipTests,
    skipSchemaValidation: request.skipSchemaValidation,
    values: request.values,
  };
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex');
}

/** JSON with object keys sorted at every level. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/**
 * Parsed renders under .cache/helm/renders/<key>.json. An entry is a pure function of its key,
 * so it is never stale; a damaged or unreadable entry is a miss and is rendered again.
 */
export class RenderCache {
  /** @param dir where entries live; undefined disables caching. */
  constructor(private readonly dir: string | undefined) {}

  read(key: string): KubeObject[] | undefined {
    if (this.dir === undefined) return undefined;
    try {
      const entry = JSON.parse(readFileSync(this.file(key), 'utf8')) as { key?: unknown; objects?: unknown };
      return entry.key === key && Array.isArray(entry.objects) ? (entry.objects as KubeObject[]) : undefined;
    } catch {
      return undefined;
    }
  }

  write(key: string, objects: readonly KubeObject[]): void {
    if (this.dir !== undefined) writeCacheFile(this.file(key), () => JSON.stringify({ key, objects }));
  }

  private file(key: string): string {
    return path.join(this.dir!, `${key}.json`);
  }
}
