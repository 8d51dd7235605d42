import { z } from 'zod';
import { httpsUrl } from '../fields';
import { vaultSecretRef } from './common';
import { resourcesSchema, storageQuantity } from './quantities';

/** The retention policy of the reference architecture: 7 to 15 days of metrics. */
export const RETENTION_POLICY_DAYS = { min: 7, max: 15 } as const;

const prometheusSchema = z
  .strictObject({
    /**
     * Days of metrics Prometheus keeps. Policy: 7-15. Below 7 only with shortRetentionReason
     * (a disposable environment); above 15 never (use long-term storage instead).
     */
    retentionDays: z.int().min(1).max(RETENTION_POLICY_DAYS.max),
    /** Why this environment keeps less than the 7-day policy; required exactly when it does. */
    shortRetentionReason: z.string().min(10).optional(),
    /** Size of each Prometheus replica's persistent volume. */
    storageSize: storageQuantity,
    /** Prometheus replicas (each scrapes everything; 2 for HA). */
    replicas: z.int().min(1).max(3),
    resources: resourcesSchema,
  })
  .superRefine((value, ctx) => {
    if (value.retentionDays < RETENTION_POLICY_DAYS.min && value.shortRetentionReason === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['retentionDays'],
        input: value.retentionDays,
        message: `below the ${RETENTION_POLICY_DAYS.min}-${RETENTION_POLICY_DAYS.max} day policy without a shortRetentionReason`,
      });
    }
    if (value.retentionDays >= RETENTION_POLICY_DAYS.min && value.shortRetentionReason !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortRetentionReason'],
        input: value.shortRetentionReason,
        message: `only allowed when retentionDays is below ${RETENTION_POLICY_DAYS.min} (remove it)`,
      });
    }
  });

/**
 * Who runs the cluster's control plane. `managed` (EKS, AKS, GKE): kube-controller-manager,
 * kube-scheduler, etcd and kube-proxy metrics are not reachable, so kube-prometheus-stack neither
 * scrapes them nor renders their alerts (which would fire forever). `self-hosted` (kubeadm and the
 * like): all four are scraped and alerted on. Required, no default: either default is silently
 * wrong for half the clusters (docs/decisions/managed-control-plane.md).
 */
export const CONTROL_PLANE_KINDS = ['managed', 'self-hosted'] as const;
export type ControlPlaneKind = (typeof CONTROL_PLANE_KINDS)[number];

/**
 * The fleet's central long-term metrics store (Mimir, Thanos Receive, Cortex, VictoriaMetrics...)
 * every cluster's Prometheus sends its samples to, labelled with the cluster, so one Grafana sees
 * the fleet. Optional: without it Prometheus keeps only its local retention. Credentials are Vault
 * references below platform/ (at most one kind), never values.
 */
export const remoteWriteSchema = z
  .strictObject({
    /** The store's Prometheus remote-write endpoint, e.g. https://metrics.example.com/api/v1/push. */
    url: httpsUrl("an https:// URL of the central store's remote-write endpoint"),
    /** HTTP basic auth: user name and password, each a Vault reference. */
    basicAuth: z.strictObject({ username: vaultSecretRef, password: vaultSecretRef }).optional(),
    /** A bearer token (Authorization: Bearer), a Vault reference. */
    bearerToken: vaultSecretRef.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.basicAuth !== undefined && value.bearerToken !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['bearerToken'], input: 'bearerToken', message: 'basicAuth is set too, expected at most one of basicAuth and bearerToken' });
    }
  });

export type RemoteWriteConfig = z.infer<typeof remoteWriteSchema>;

/** overlays/<env>/platform.yaml `monitoring:` kube-prometheus-stack (Prometheus, Alertmanager, Grafana). */
export const monitoringSchema = z.strictObject({
  /** `managed` (EKS/AKS/GKE) or `self-hosted`: whether control-plane components are scraped and alerted on. */
  controlPlane: z.enum(CONTROL_PLANE_KINDS),
  prometheus: prometheusSchema,
  alertmanager: z.strictObject({
    /** Alertmanager replicas (they gossip to deduplicate; 2+ for HA). */
    replicas: z.int().min(1).max(5),
    resources: resourcesSchema,
  }),
  grafana: z.strictObject({
    resources: resourcesSchema,
  }),
  /** Send every sample to the fleet's central store as well (src/config/platform/monitoring.ts remoteWriteSchema). */
  remoteWrite: remoteWriteSchema.optional(),
});

export type MonitoringConfig = z.infer<typeof monitoringSchema>;
