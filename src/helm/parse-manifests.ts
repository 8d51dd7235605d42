import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../render/rendered-object';

/**
 * The objects in `helm template` output. YAML 1.1, as Argo CD reads it (kube.SplitYAML through
 * sigs.k8s.io/yaml): an unquoted `yes` or `on` in a template is a boolean on the cluster too.
 * Empty documents (a template whose condition is false) are dropped, as Argo CD drops them.
 */
export function parseManifests(text: string, where: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text, { version: '1.1', uniqueKeys: false })) {
    if (document.errors.length > 0) throw new Error(`${where}: helm printed invalid YAML: ${document.errors[0]!.message.split('\n')[0]}`);
    const value: unknown = document.toJS({ maxAliasCount: -1 });
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new Error(`${where}: helm printed a YAML document that is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    objects.push(value);
  }
  return objects;
}

function isObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && typeof kind === 'string' && typeof metadata === 'object' && metadata !== null;
}
