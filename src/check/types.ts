import type { KubeObject } from '../render/rendered-object';

/** error: fails the check (exit code 1). warning: reported, never fails. */
export type Severity = 'error' | 'warning';

/** One object of the committed dist/<env>/ as Argo CD will sync it. */
export interface CheckedObject {
  /** Path relative to dist/<env>/, e.g. apps/web/deployment-web.yaml. */
  readonly file: string;
  /** Folder of the file relative to dist/<env>/ ('' for root.yaml): an Application path. */
  readonly folder: string;
  readonly object: KubeObject;
}

/** Enough to find an object in a cluster or in dist/. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** One problem the check found. */
export interface Finding {
  /** Rule id (src/check/rules/registry.ts), or one of the checks 'current', 'schema-valid', 'dist-readable'. */
  readonly rule: string;
  readonly severity: Severity;
  /** Repository-relative file to change, e.g. dist/prod/apps/web/deployment-web.yaml or overlays/prod/platform.yaml. */
  readonly file: string;
  /** The object the finding is about; absent for findings about a file or an overlay setting. */
  readonly object?: ObjectRef;
  /** What is wrong, naming the field and the value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

export function refOf(object: KubeObject): ObjectRef {
  const { apiVersion, kind } = object;
  const { name, namespace } = object.metadata;
  return namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, name, namespace };
}

/** "Deployment web/web" (namespace/name) or "Namespace web" for cluster-scoped objects. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}
