import type { PodLike } from './pod-shape.js';
import { isRecord, recordAt, stringAt, type UnknownRecord } from './narrow.js';
import { readPod } from './read-pod.js';

type TemplateLocator = (object: UnknownRecord) => UnknownRecord | undefined;

/** Where each workload kind keeps the pod it runs (a Pod is its own template). A Map, so 'toString' is not a kind. */
const podTemplateLocations: ReadonlyMap<string, TemplateLocator> = new Map<string, TemplateLocator>([
  ['Pod', (pod) => pod],
  ['Deployment', templateInSpec],
  ['StatefulSet', templateInSpec],
  ['DaemonSet', templateInSpec],
  ['ReplicaSet', templateInSpec],
  ['ReplicationController', templateInSpec],
  ['Job', templateInSpec],
  ['CronJob', (cronJob) => {
    const jobTemplate = pathOf(cronJob, 'spec', 'jobTemplate');
    return jobTemplate && templateInSpec(jobTemplate);
  }],
]);

/**
 * The pod (metadata + spec) that a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job or CronJob runs; undefined for any other kind or a missing pod spec.
 */
export function podTemplateOf(object: unknown): PodLike | undefined {
  if (!isRecord(object)) return undefined;
  const kind = stringAt(object, 'kind');
  const locate = kind === undefined ? undefined : podTemplateLocations.get(kind);
  const template = locate?.(object);
  return template && readPod(template['metadata'], template['spec']);
}

function templateInSpec(object: UnknownRecord): UnknownRecord | undefined {
  return pathOf(object, 'spec', 'template');
}

function pathOf(object: UnknownRecord, ...keys: readonly string[]): UnknownRecord | undefined {
  let current: UnknownRecord | undefined = object;
  for (const key of keys) current = current && recordAt(current, key);
  return current;
}
