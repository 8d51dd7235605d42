import { z } from 'zod';
import { dnsLabel, httpsUrl } from '../fields';
import { resourcesSchema, storageQuantity } from './quantities';

/** StackRox notifier types that Central can declare from a configuration Secret. */
export const SIEM_TYPES = ['splunk', 'generic'] as const;
export type SiemType = (typeof SIEM_TYPES)[number];

const centralSchema = z.strictObject({
  /**
   * How secured clusters in other environments reach Central: `loadBalancer` (a Service of type
   * LoadBalancer, TLS passthrough to Central) or `none` (only this cluster's Sensor connects).
   */
  exposure: z.enum(['none', 'loadBalancer']),
  /** Size of Central's database volume. */
  dbStorageSize: storageQuantity,
  /** Central (API, UI) container resources. */
  resources: resourcesSchema,
  /** Where Central forwards policy violations (and, if enabled, audit logs). */
  siem: z.strictObject({
    /** splunk (HTTP Event Collector) or generic (JSON webhook). */
    type: z.enum(SIEM_TYPES),
    /** The collector's https:// endpoint. Its token lives in Vault, never here. */
    endpoint: httpsUrl('an https:// URL of the SIEM collector'),
    /** Also forward Central's audit log (every API call) to the SIEM. */
    auditLogging: z.boolean(),
  }),
});

/** overlays/<env>/platform.yaml `stackrox:` the operator, this cluster's SecuredCluster, maybe Central. */
export const stackroxSchema = z.strictObject({
  /** Name of this cluster in Central (unique across every cluster reporting to it). */
  clusterName: dnsLabel,
  /** Central's gRPC endpoint as host:port, e.g. central.prod.example.com:443. */
  centralEndpoint: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[0-9]{1,5}$/, 'host:port of Central, e.g. central.example.com:443'),
  /** Present only in the environment that hosts Central for all clusters. */
  central: centralSchema.optional(),
});

export type StackroxConfig = z.infer<typeof stackroxSchema>;
