import type { AppSettings, EnvironmentFile, ImageRef } from './overlay-schemas';
import type { PlatformConfig } from './platform-schema';

/**
 * Everything one environment's charts may depend on, loaded from overlays/<env>/ and frozen.
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
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
