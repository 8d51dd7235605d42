import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { KubeObjects } from '../kube-objects';
import type { AppContext } from './app-context';

/** The app's non-secret environment (definitions reject secret-looking names). */
export function addAppConfigMap(objects: KubeObjects, context: AppContext, data: Readonly<Record<string, string>>): { readonly name: string; readonly data: Readonly<Record<string, string>> } {
  const { app, labels } = context;
  objects.add<ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: app.name, labels: { ...labels } }, data: { ...data } });
  return { name: app.name, data };
}
