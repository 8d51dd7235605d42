import { z } from 'zod';
import { KUBERNETES_VERSION } from '../check/schema/kubernetes-definitions';
import { baseDomain, checkedString, dnsLabel, gitRevision, url } from './fields';

export { dnsLabel };

/**
 * The shape of every overlay file. Objects are strict: an unknown key is almost always a typo
 * of a real one, and silently ignoring it would ship a setting nobody asked for.
 */

/** registry[:port]/path, no tag and no digest: those live in their own field. */
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9]+([._-][a-z0-9]+)*)*(:[0-9]+)?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)+$/;
/** The distribution spec's limit on a repository name (registry host included). */
const IMAGE_REPOSITORY_MAX = 255;
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The destination cluster's Kubernetes version as its API server reports it, without the `v`
 * and build suffix (what Argo CD passes to `helm template --kube-version`). Its minor must be the
 * one whose schemas the check validates against, so rendered charts and the check agree.
 */
const TARGET_MINOR = KUBERNETES_VERSION.replace(/^v/, '');
const KUBERNETES_RELEASE = new RegExp(`^${TARGET_MINOR.replace('.', '\\.')}\\.(0|[1-9][0-9]*)$`);
export const kubernetesVersion = z.string().regex(KUBERNETES_RELEASE, `a ${TARGET_MINOR} release such as ${TARGET_MINOR}.15 (major.minor.patch, no v; the platform targets Kubernetes ${TARGET_MINOR})`);

export const environmentsFileSchema = z.strictObject({
  /** Promotion order: an image moves from each environment to the next one in this list. */
  environments: z.array(dnsLabel).min(1),
});

export const environmentFileSchema = z.strictObject({
  argocd: z.strictObject({
    /** Namespace Argo CD runs in; Applications and AppProjects are created there. */
    namespace: dnsLabel,
    /** API server URL of the cluster this environment deploys to. */
    destinationServer: url({ protocols: ['https'], what: 'an https:// URL of the cluster API server' }),
    /** The Git repository Argo CD reads dist/ from. */
    repoURL: url({ protocols: ['https', 'ssh'], userFor: ['ssh'], what: 'a Git repository URL (https:// or ssh://)' }),
    /** Branch, tag or commit Argo CD follows. */
    targetRevision: gitRevision,
    /**
     * per-cluster: each cluster's own Argo CD applies its own root (destinationServer is the
     * cluster itself). hub-and-spoke: one Argo CD in a management cluster (destinationServer is
     * that hub) holds every cluster's Applications and syncs each cluster through
     * destinationName, the cluster's registration in the hub (docs/decisions/fleets.md).
     */
    topology: z.enum(['per-cluster', 'hub-and-spoke']).default('per-cluster'),
    /** hub-and-spoke: the name the cluster is registered under in the hub (default: the cluster's name). */
    destinationName: dnsLabel.optional(),
    /** hub-and-spoke: how the hub's application controller is sharded, for the check's capacity warning. */
    hub: z
      .strictObject({
        /** Replicas of the hub's application controller (ARGOCD_CONTROLLER_REPLICAS); each cluster is one shard's. */
        shards: z.int().min(1).max(100),
        /** Applications one controller shard is sized for; the check warns above it. */
        applicationsPerShard: z.int().min(1).max(100000),
      })
      .optional(),
  }),
  /** Base DNS domain; application hosts are <app>.<domain>. */
  domain: baseDomain,
  /** Kubernetes version of the destination cluster; Helm charts are rendered for it. */
  kubernetesVersion,
  /**
   * The environment's clusters in promotion waves, first wave first; each cluster's differences
   * from this environment are overlays/<env>/clusters/<cluster>.yaml. Absent: one cluster named
   * after the environment.
   */
  waves: z
    .array(
      z.strictObject({
        name: dnsLabel,
        clusters: z.array(dnsLabel).min(1),
      }),
    )
    .min(1)
    .optional(),
});

const replicaCount = z.int().min(1).max(100);

export const appSettingsSchema = z
  .strictObject({
    /** Fixed pod replicas of the app's Deployment in this environment (exclusive with autoscaling). */
    replicas: replicaCount.optional(),
    /**
     * A HorizontalPodAutoscaler owns the replica count between these bounds; the Deployment then
     * renders no replicas field, so Argo CD and the HPA never fight over it.
     */
    autoscaling: z
      .strictObject({
        minReplicas: replicaCount,
        maxReplicas: replicaCount,
      })
      .optional(),
    /**
     * Destinations outside the cluster the app may open connections to (a managed database, say).
     * The namespace denies all other egress; addresses differ per environment, hence the overlay.
     */
    egress: z
      .array(
        z.strictObject({
          cidr: z.cidrv4({ error: 'an IPv4 CIDR such as 10.20.0.0/16' }),
          port: z.int().min(1).max(65535),
        }),
      )
      .optional(),
  })
  .superRefine((settings, ctx) => {
    if (settings.replicas !== undefined && settings.autoscaling !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['autoscaling'], input: settings.autoscaling, message: 'replicas and autoscaling exclude each other (the HPA owns the replica count), remove one' });
    }
    if (settings.replicas === undefined && settings.autoscaling === undefined) {
      ctx.addIssue({ code: 'custom', path: ['replicas'], input: undefined, message: 'required field is missing: set replicas, or autoscaling for an HPA' });
    }
    const bounds = settings.autoscaling;
    if (bounds && bounds.minReplicas > bounds.maxReplicas) {
      ctx.addIssue({ code: 'custom', path: ['autoscaling', 'minReplicas'], input: bounds.minReplicas, message: `must not exceed autoscaling.maxReplicas (${bounds.maxReplicas})` });
    }
  });

export const appsFileSchema = z.strictObject({
  apps: z.record(dnsLabel, appSettingsSchema),
});

export const imageSchema = z.strictObject({
  repository: checkedString((value) => {
    const expected = 'registry/path without a tag or digest, e.g. registry.example.com/team/web';
    if (value.length > IMAGE_REPOSITORY_MAX) return { problem: `too long (${value.length} characters)`, expected: `${expected}, at most ${IMAGE_REPOSITORY_MAX} characters` };
    return IMAGE_REPOSITORY.test(value) ? undefined : { problem: 'invalid value', expected };
  }),
  digest: z.string().regex(DIGEST, 'sha256:<64 lowercase hex>'),
});

export const imagesFileSchema = z.strictObject({
  images: z.record(dnsLabel, imageSchema),
});

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
export type AppsFile = z.infer<typeof appsFileSchema>;
export type ImagesFile = z.infer<typeof imagesFileSchema>;
export type AppSettings = z.infer<typeof appSettingsSchema>;
export type ImageRef = z.infer<typeof imageSchema>;
