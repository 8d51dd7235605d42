import { isRecord, numberAt, recordAt, type UnknownRecord } from '../pod-security/narrow';
import type { CheckedObject } from '../types';
import { stringMap } from './label-selector';

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

/** One container of a pod template, with where it sits for messages. */
export interface ContainerView {
  readonly list: ContainerList;
  readonly name: string;
  /** Field path in the object, e.g. spec.template.spec.containers[0]. */
  readonly path: string;
  readonly spec: UnknownRecord;
}

/** An object that runs pods: its pod template read once for every rule. */
export interface Workload {
  readonly source: CheckedObject;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Field path of the pod template: spec.template, spec.jobTemplate.spec.template, or '' for a Pod. */
  readonly templatePath: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podSpec: UnknownRecord;
  readonly containers: readonly ContainerView[];
  /** spec.replicas as rendered; undefined when absent (the API server then defaults it to 1). */
  readonly replicas: number | undefined;
  /** Runs N identical pods that an HPA can scale: Deployment, StatefulSet, ReplicaSet, ReplicationController. */
  readonly replicated: boolean;
  /** Runs until stopped (not a Job or CronJob), so it needs probes. */
  readonly longRunning: boolean;
}

interface WorkloadKind {
  readonly templatePath: readonly string[];
  readonly replicated: boolean;
  readonly longRunning: boolean;
}

/** Where each kind keeps its pod template. A Map, so 'toString' is not a kind. */
const WORKLOAD_KINDS: ReadonlyMap<string, WorkloadKind> = new Map([
  ['Deployment', { templatePath: ['spec', 'template'], replicated: true, longRunning: true }],
  ['StatefulSet', { templatePath: ['spec', 'template'], replicated: true, longRunning: true }],
  ['ReplicaSet', { templatePath: ['spec', 'template'], replicated: true, longRunning: true }],
  ['ReplicationController', { templatePath: ['spec', 'template'], replicated: true, longRunning: true }],
  ['DaemonSet', { templatePath: ['spec', 'template'], replicated: false, longRunning: true }],
  ['Job', { templatePath: ['spec', 'template'], replicated: false, longRunning: false }],
  ['CronJob', { templatePath: ['spec', 'jobTemplate', 'spec', 'template'], replicated: false, longRunning: false }],
  ['Pod', { templatePath: [], replicated: false, longRunning: true }],
]);

const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** The workload view of an object, or undefined when it runs no pods (or has no pod spec). */
export function readWorkload(source: CheckedObject, namespace: string): Workload | undefined {
  const { object } = source;
  const kind = WORKLOAD_KINDS.get(object.kind);
  if (kind === undefined || !object.apiVersion.match(/^(v1|apps\/v1|batch\/v1)$/)) return undefined;
  let template: UnknownRecord | undefined = object;
  for (const key of kind.templatePath) template = template && recordAt(template, key);
  const podSpec = template && recordAt(template, 'spec');
  if (template === undefined || podSpec === undefined) return undefined;
  const templatePath = kind.templatePath.join('.');
  const specPath = templatePath === '' ? 'spec' : `${templatePath}.spec`;
  const containers: ContainerView[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = podSpec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      const spec = isRecord(item) ? item : {};
      containers.push({ list, name: typeof spec['name'] === 'string' ? spec['name'] : `#${index}`, path: `${specPath}.${list}[${index}]`, spec });
    });
  }
  const spec = recordAt(object, 'spec');
  return {
    source,
    kind: object.kind,
    name: object.metadata.name,
    namespace,
    templatePath,
    podLabels: stringMap(recordAt(template, 'metadata')?.['labels']),
    podSpec,
    containers,
    replicas: kind.replicated && spec ? numberAt(spec, 'replicas') : undefined,
    replicated: kind.replicated,
    longRunning: kind.longRunning,
  };
}

/** Containers that run for the pod's lifetime (not init or ephemeral containers). */
export function mainContainers(workload: Workload): ContainerView[] {
  return workload.containers.filter((container) => container.list === 'containers');
}
