/** Where a child Application takes its manifests from. */
export type ChildApplicationSource =
  /** A folder of rendered YAML below dist/<env>/. */
  | { readonly type: 'path'; readonly path: string }
  /** An upstream Helm chart at a pinned version with typed values. */
  | {
      readonly type: 'helm';
      readonly repoURL: string;
      readonly chart: string;
      readonly version: string;
      readonly releaseName: string;
      readonly values: object;
    };

/** Everything the app-of-apps needs to know to render one child Application. */
export interface ChildApplication {
  readonly name: string;
  readonly project: string;
  readonly syncWave: number;
  /** Namespace for objects rendered without one (Helm charts); undefined for folders whose objects all carry one. */
  readonly destinationNamespace: string | undefined;
  /** One or two sources: the Helm chart (if any) first, then the rendered folder (if it has objects). */
  readonly sources: readonly ChildApplicationSource[];
  readonly syncOptions: readonly string[];
  /** Without the resources finalizer: deleting the Application orphans its objects. */
  readonly keepResourcesOnDelete: boolean;
}
