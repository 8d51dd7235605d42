import { isRecord, recordAt, stringAt, type UnknownRecord } from '../pod-security/narrow';
import type { CheckedObject } from '../types';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** A directory source of an Argo CD Application (a path in a Git repository). */
export interface PathSource {
  readonly repoURL: string;
  readonly path: string;
  /** directory.recurse: also sync subfolders (Argo CD's default is false). */
  readonly recurse: boolean;
}

/** A Helm chart source of an Argo CD Application. */
export interface ChartSource {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /** helm.valuesObject as rendered; undefined when none. */
  readonly values: UnknownRecord | undefined;
}

/** An Argo CD Application of dist/, read once. */
export interface ApplicationView {
  readonly source: CheckedObject;
  readonly name: string;
  /** argocd.argoproj.io/sync-wave of the Application (0 when unset). */
  readonly wave: number;
  readonly destinationNamespace: string | undefined;
  readonly syncOptions: readonly string[];
  readonly paths: readonly PathSource[];
  readonly charts: readonly ChartSource[];
}

export function isApplication(object: CheckedObject): boolean {
  return object.object.kind === 'Application' && object.object.apiVersion.startsWith('argoproj.io/');
}

export function readApplication(source: CheckedObject): ApplicationView {
  const { object } = source;
  const spec = recordAt(object, 'spec') ?? {};
  const singleSource = recordAt(spec, 'source');
  const sources = Array.isArray(spec['sources']) ? spec['sources'].filter(isRecord) : singleSource ? [singleSource] : [];
  const paths: PathSource[] = [];
  const charts: ChartSource[] = [];
  for (const item of sources) {
    const repoURL = stringAt(item, 'repoURL') ?? '';
    const chart = stringAt(item, 'chart');
    const itemPath = stringAt(item, 'path');
    if (chart !== undefined) {
      charts.push({ repoURL, chart, version: stringAt(item, 'targetRevision') ?? '', values: recordAt(recordAt(item, 'helm') ?? {}, 'valuesObject') });
    } else if (itemPath !== undefined) {
      paths.push({ repoURL, path: itemPath.replace(/\/+$/, ''), recurse: recordAt(item, 'directory')?.['recurse'] === true });
    }
  }
  const syncPolicy = recordAt(spec, 'syncPolicy');
  const syncOptions = syncPolicy && Array.isArray(syncPolicy['syncOptions']) ? syncPolicy['syncOptions'].map(String) : [];
  return {
    source,
    name: object.metadata.name,
    wave: syncWaveOf(object.metadata.annotations),
    destinationNamespace: stringAt(recordAt(spec, 'destination') ?? {}, 'namespace'),
    syncOptions,
    paths,
    charts,
  };
}

/** The sync wave an object or Application is annotated with; Argo CD's default is 0. */
export function syncWaveOf(annotations: Readonly<Record<string, string>> | undefined): number {
  const value = annotations?.[SYNC_WAVE_ANNOTATION];
  if (value === undefined) return 0;
  const wave = Number.parseInt(value, 10);
  return Number.isNaN(wave) ? 0 : wave;
}
