import type { LoggingConfig, LokiMode } from '../../../src/config/platform/logging';
import { containerResources, type ContainerResources } from '../../lib/container-resources';

/** Loki components whose replica count depends on the deployment mode. */
const COMPONENTS = ['singleBinary', 'backend', 'read', 'write', 'ingester', 'distributor', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'compactor'] as const;
type Component = (typeof COMPONENTS)[number];

interface ComponentValues {
  readonly replicas: number;
  /** Set for the components the mode runs; omitted (chart default) for those at 0 replicas. */
  readonly resources?: ContainerResources;
}

/**
 * The grafana-community loki 18.11.0 values this project sets (keys from its values.yaml;
 * test/platform/helm-values.test.ts checks them and validates against values.schema.json).
 */
export type LokiValues = { readonly [C in Component]: ComponentValues } & {
  readonly deploymentMode: LokiMode;
  readonly loki: {
    /** Single tenant: the shipper and Grafana need no X-Scope-OrgID header. */
    readonly auth_enabled: false;
    readonly commonConfig: { readonly replication_factor: 1 | 3 };
    readonly schemaConfig: { readonly configs: readonly LokiSchemaPeriod[] };
    readonly storage: {
      readonly type: 's3';
      readonly bucketNames: { readonly chunks: string; readonly ruler: string; readonly admin: string };
      /**
       * No access keys here: without them Loki's S3 client uses the AWS SDK credential chain,
       * which reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the ExternalSecret's Secret.
       */
      readonly s3: { readonly endpoint: string; readonly region: string; readonly s3ForcePathStyle: boolean };
    };
    readonly limits_config: { readonly retention_period: string };
    readonly compactor: { readonly retention_enabled: true; readonly delete_request_store: 's3' };
  };
  readonly defaults: { readonly extraEnvFrom: ReadonlyArray<{ readonly secretRef: { readonly name: string } }> };
  readonly global: { readonly priorityClassName: string };
  readonly chunksCache: { readonly enabled: boolean };
  readonly resultsCache: { readonly enabled: boolean };
  readonly gateway: { readonly replicas: number; readonly resources: ContainerResources };
  readonly lokiCanary: { readonly enabled: false };
  readonly test: { readonly enabled: false };
  readonly monitoring: { readonly serviceMonitor: { readonly enabled: true } };
};

interface LokiSchemaPeriod {
  readonly from: string;
  readonly store: 'tsdb';
  readonly object_store: 's3';
  readonly schema: 'v13';
  readonly index: { readonly prefix: string; readonly period: '24h' };
}

export interface LokiValuesProps {
  readonly config: LoggingConfig['loki'];
  /** Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (an ExternalSecret writes it). */
  readonly credentialsSecret: string;
  /** PriorityClass of every Loki pod. */
  readonly priorityClassName: string;
}

/** Environment variables the credentials Secret provides (its keys): the AWS SDK's own names. */
export const LOKI_S3_ENV = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY' } as const;

/**
 * The schema in force since the platform's first day. Never edit a period: append a new one
 * with a future `from` date to change the index format (Loki reads old chunks with the old one).
 */
const SCHEMA_PERIODS: readonly LokiSchemaPeriod[] = [{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }];

export function lokiValues(props: LokiValuesProps): LokiValues {
  const { config } = props;
  const resources = containerResources(config.resources);
  const replicas = replicasPerComponent(config.mode, config.replicas);
  const components = Object.fromEntries(
    COMPONENTS.map((component) => [component, replicas[component] > 0 ? { replicas: replicas[component], resources } : { replicas: 0 }]),
  ) as { [C in Component]: ComponentValues };
  return {
    deploymentMode: config.mode,
    ...components,
    loki: {
      auth_enabled: false,
      // Writes go to `replication_factor` ingesters: 3 needs at least 3 of them.
      commonConfig: { replication_factor: config.replicas >= 3 ? 3 : 1 },
      schemaConfig: { configs: SCHEMA_PERIODS },
      storage: {
        type: 's3',
        // One bucket per environment for chunks, rules and admin data: their object keys do not
        // collide, and one bucket means one set of credentials and one lifecycle policy.
        bucketNames: { chunks: config.storage.bucket, ruler: config.storage.bucket, admin: config.storage.bucket },
        s3: { endpoint: config.storage.endpoint, region: config.storage.region, s3ForcePathStyle: config.storage.forcePathStyle },
      },
      limits_config: { retention_period: `${config.retentionDays * 24}h` },
      // The compactor applies retention; deletes are recorded in the object store.
      compactor: { retention_enabled: true, delete_request_store: 's3' },
    },
    // Every Loki component gets the S3 credentials as environment variables.
    defaults: { extraEnvFrom: [{ secretRef: { name: props.credentialsSecret } }] },
    global: { priorityClassName: props.priorityClassName },
    chunksCache: { enabled: config.cachesEnabled },
    resultsCache: { enabled: config.cachesEnabled },
    gateway: { replicas: config.replicas >= 2 ? 2 : 1, resources: GATEWAY_RESOURCES },
    // The canary is a DaemonSet writing synthetic logs on every node; Alloy's own metrics and the
    // ingestion panel show a broken pipeline without it.
    lokiCanary: { enabled: false },
    test: { enabled: false },
    monitoring: { serviceMonitor: { enabled: true } },
  };
}

const GATEWAY_RESOURCES = containerResources({ cpu: '50m', memory: '128Mi' });

/**
 * Replicas per component for a mode; every other component is set to 0 explicitly, as the
 * upstream mode presets do (the chart's defaults run SimpleScalable's read/write/backend).
 * Distributed: `replicas` for the write and read path, at most 2 of the coordinators, 1 compactor.
 */
function replicasPerComponent(mode: LokiMode, replicas: number): Record<Component, number> {
  const none = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  switch (mode) {
    case 'Monolithic':
      return { ...none, singleBinary: replicas };
    case 'SimpleScalable':
      return { ...none, backend: replicas, read: replicas, write: replicas };
    case 'Distributed': {
      const coordinators = Math.min(replicas, 2);
      return { ...none, ingester: replicas, distributor: replicas, querier: replicas, queryFrontend: coordinators, queryScheduler: coordinators, indexGateway: coordinators, compactor: 1 };
    }
  }
}
