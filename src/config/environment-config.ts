import type { AppSettings, EnvironmentFile, ImageRef } from './overlay-schemas';
import type { PlatformConfig } from './platform-schema';

/** Which cluster of its environment a config renders, and where its tree lives in dist/. */
export interface ClusterIdentity {
  /**
   * Unique across the repository (it is the `cluster` label on the fleet's metrics and logs and
   * the Argo CD destination name of a hub). An environment that names no clusters has one,
   * named after the environment.
   */
  readonly name: string;
  /** Promotion wave within the environment, from 1: a wave takes only digests the previous one runs. */
  readonly wave: number;
  /** The wave's name in environment.yaml `waves` (the environment's name when it names no clusters). */
  readonly waveName: string;
  /** overlays/<env>/clusters/<cluster>.yaml, the cluster's differences; undefined when the environment names no clusters. */
  readonly overlayFile: string | undefined;
  /** The cluster's tree below dist/: "<env>/<cluster>". */
  readonly distPath: string;
}

/**
 * Everything one cluster's charts may depend on, loaded from overlays/<env>/ and frozen.
 * Charts receive it as a prop; every difference between environments is a field here.
 */
export interface EnvironmentConfig {
  /** Environment name, e.g. "prod": the overlays/ and dist/ folder name. */
  readonly name: string;
  /** The environment images are promoted from (undefined for the first in the chain). */
  readonly promotedFrom: string | undefined;
  readonly argocd: Readonly<EnvironmentFile['argocd']>;
  readonly domain: string;
  /** The destination cluster's Kubernetes version, e.g. "1.28.15" (helm template --kube-version). */
  readonly kubernetesVersion: string;
  readonly apps: Readonly<Record<string, Readonly<AppSettings>>>;
  readonly images: Readonly<Record<string, Readonly<ImageRef>>>;
  /** overlays/<env>/platform.yaml: settings of the platform components. */
  readonly platform: Readonly<PlatformConfig>;
  /** The cluster these values are for (environment values with the cluster's overrides applied). */
  readonly cluster: ClusterIdentity;
}

/**
 * The production environment: the end of the promotion chain (overlays/environments.yaml, in
 * order), whatever the repository calls it. The check holds it to production rules; the
 * benchmark's fleet scenario spreads it over clusters. Undefined for an empty chain.
 */
export function productionEnvironmentOf(chain: readonly string[]): string | undefined {
  return chain.at(-1);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
