import type { KubeObject } from '../render/rendered-object';

/**
 * Everything that decides what `helm template` prints for one Helm source of one Argo CD
 * Application, resolved the way Argo CD resolves it (reposerver/repository/repository.go
 * helmTemplate, controller/state.go) from the Application and its destination cluster.
 */
export interface HelmRenderRequest {
  readonly environment: string;
  /** The Application the chart belongs to. */
  readonly application: string;
  readonly chart: string;
  readonly repoURL: string;
  /** targetRevision: the exact chart version. */
  readonly version: string;
  /** helm.releaseName, else the Application name. */
  readonly releaseName: string;
  /** helm.namespace, else the destination namespace; undefined renders without --namespace. */
  readonly namespace: string | undefined;
  /** helm.valuesObject (an empty object when unset). */
  readonly values: Readonly<Record<string, unknown>>;
  /** helm.kubeVersion, else the destination cluster's version. */
  readonly kubeVersion: string;
  /** helm.apiVersions, else the destination cluster's discovery. */
  readonly apiVersions: readonly string[];
  /** Not helm.skipCrds. */
  readonly includeCrds: boolean;
  readonly skipTests: boolean;
  readonly skipSchemaValidation: boolean;
}

/** What the destination cluster tells Argo CD: its version and its served API versions. */
export interface DestinationCluster {
  readonly environment: string;
  readonly kubernetesVersion: string;
  readonly apiVersions: readonly string[];
}

/** helm fields of an ApplicationSource this renderer resolves; any other is refused by name. */
const SUPPORTED_HELM_FIELDS = new Set(['releaseName', 'valuesObject', 'namespace', 'kubeVersion', 'apiVersions', 'skipCrds', 'skipTests', 'skipSchemaValidation']);

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an argoproj.io Application object. */
export function isApplication(object: KubeObject): boolean {
  return object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/');
}

/** One request per Helm source (a source with `chart`) of an Application; [] when it has none. */
export function helmRenderRequests(application: KubeObject, cluster: DestinationCluster): HelmRenderRequest[] {
  const name = application.metadata.name;
  const where = `${cluster.environment}: Application ${name}`;
  const spec = isRecord(application.spec) ? application.spec : {};
  const sources = Array.isArray(spec.sources) ? spec.sources : spec.source === undefined ? [] : [spec.source];
  const destination = isRecord(spec.destination) ? spec.destination : {};
  const requests: HelmRenderRequest[] = [];
  for (const [index, source] of sources.entries()) {
    if (!isRecord(source) || source.chart === undefined) continue;
    const at = `${where}, source ${index} (chart ${String(source.chart)})`;
    const helm = isRecord(source.helm) ? source.helm : {};
    for (const field of Object.keys(helm)) {
      if (!SUPPORTED_HELM_FIELDS.has(field)) throw new Error(`${at}: helm.${field} is not supported by the chart renderer (src/helm/helm-render-request.ts), expected only: ${[...SUPPORTED_HELM_FIELDS].join(', ')}`);
    }
    requests.push({
      environment: cluster.environment,
      application: name,
      chart: requiredString(source.chart, `${at}: chart`),
      repoURL: requiredString(source.repoURL, `${at}: repoURL`),
      version: requiredString(source.targetRevision, `${at}: targetRevision`),
      releaseName: optionalString(helm.releaseName, `${at}: helm.releaseName`) ?? name,
      namespace: optionalString(helm.namespace, `${at}: helm.namespace`) ?? optionalString(destination.namespace, `${where}: destination.namespace`),
      values: helm.valuesObject === undefined ? {} : requiredRecord(helm.valuesObject, `${at}: helm.valuesObject`),
      kubeVersion: optionalString(helm.kubeVersion, `${at}: helm.kubeVersion`) ?? cluster.kubernetesVersion,
      apiVersions: helm.apiVersions === undefined ? cluster.apiVersions : stringList(helm.apiVersions, `${at}: helm.apiVersions`),
      includeCrds: helm.skipCrds !== true,
      skipTests: helm.skipTests === true,
      skipSchemaValidation: helm.skipSchemaValidation === true,
    });
  }
  return requests;
}

function requiredString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what}: expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined || value === '' ? undefined : requiredString(value, what);
}

function requiredRecord(value: unknown, what: string): UnknownRecord {
  if (!isRecord(value)) throw new Error(`${what}: expected an object, got ${JSON.stringify(value)}`);
  return value;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${what}: expected a list of strings, got ${JSON.stringify(value)}`);
  return value;
}
