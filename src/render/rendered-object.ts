/** A Kubernetes object as plain JSON, the way it is written to dist/. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** One object and the file below dist/<env>/ it is written to. */
export interface RenderedObject {
  /** Path relative to dist/<env>/, e.g. apps/web/deployment-web.yaml. */
  readonly file: string;
  /** The folder (Argo CD Application path below dist/<env>/) the file is in; '' for root.yaml. */
  readonly folder: string;
  readonly object: KubeObject;
}
