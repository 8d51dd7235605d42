import { isRecord, recordAt, stringAt, type UnknownRecord } from '../pod-security/narrow';
import type { Workload } from './workloads';

/** One place a pod takes values from a Secret, and which of its keys (all: every key it holds). */
export interface PodSecretReference {
  /** Field path, e.g. spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef. */
  readonly field: string;
  readonly secretName: string;
  readonly keys: readonly string[] | 'all';
}

function list(record: UnknownRecord, key: string): UnknownRecord[] {
  const value = record[key];
  return Array.isArray(value) ? value.map((item: unknown) => (isRecord(item) ? item : {})) : [];
}

/** Keys a secret volume (or projected source) projects: its items, else every key. */
function projectedKeys(source: UnknownRecord): readonly string[] | 'all' {
  const items = list(source, 'items').flatMap((item) => (stringAt(item, 'key') === undefined ? [] : [stringAt(item, 'key')!]));
  return items.length > 0 ? items : 'all';
}

/**
 * Every Secret a workload's pods read values from: env secretKeyRef and envFrom secretRef of each
 * container, secret volumes and projected volume sources. imagePullSecrets are left out: the
 * registry credentials are the kubelet's (or, with guest pull, the guest's image client's), not
 * values the containers read.
 */
export function podSecretReferences(workload: Workload): PodSecretReference[] {
  const references: PodSecretReference[] = [];
  for (const container of workload.containers) {
    for (const [index, variable] of list(container.spec, 'env').entries()) {
      const ref = recordAt(recordAt(variable, 'valueFrom') ?? {}, 'secretKeyRef');
      const name = ref && stringAt(ref, 'name');
      const key = ref && stringAt(ref, 'key');
      if (name !== undefined && key !== undefined) references.push({ field: `${container.path}.env[${index}].valueFrom.secretKeyRef`, secretName: name, keys: [key] });
    }
    for (const [index, source] of list(container.spec, 'envFrom').entries()) {
      const name = stringAt(recordAt(source, 'secretRef') ?? {}, 'name');
      if (name !== undefined) references.push({ field: `${container.path}.envFrom[${index}].secretRef`, secretName: name, keys: 'all' });
    }
  }
  const specPath = workload.templatePath === '' ? 'spec' : `${workload.templatePath}.spec`;
  for (const [index, volume] of list(workload.podSpec, 'volumes').entries()) {
    const secret = recordAt(volume, 'secret');
    const name = secret && stringAt(secret, 'secretName');
    if (name !== undefined) references.push({ field: `${specPath}.volumes[${index}].secret`, secretName: name, keys: projectedKeys(secret!) });
    for (const [sourceIndex, source] of list(recordAt(volume, 'projected') ?? {}, 'sources').entries()) {
      const projected = recordAt(source, 'secret');
      const projectedName = projected && stringAt(projected, 'name');
      if (projectedName !== undefined) references.push({ field: `${specPath}.volumes[${index}].projected.sources[${sourceIndex}].secret`, secretName: projectedName, keys: projectedKeys(projected!) });
    }
  }
  return references;
}
