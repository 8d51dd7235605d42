/**
 * Names that cross component boundaries: an app's Ingress names the issuer and ingress class,
 * its NetworkPolicy admits the ingress and monitoring namespaces. Defined once, here.
 */
export const INGRESS_CONTROLLERS = ['ingress-nginx', 'traefik'] as const;
export type IngressController = (typeof INGRESS_CONTROLLERS)[number];

/** Namespace each ingress controller runs in (NetworkPolicies admit traffic from it). */
export function ingressNamespace(controller: IngressController): string {
  return controller;
}

/** IngressClass name of each controller (set as the cluster default by the ingress component). */
export function ingressClassName(controller: IngressController): string {
  return controller === 'ingress-nginx' ? 'nginx' : 'traefik';
}

/**
 * The cert-manager ClusterIssuer application Ingresses reference. One name in every environment;
 * the ACME server behind it differs (Let's Encrypt staging outside prod), so apps never need to
 * know which environment they are in.
 */
export const CLUSTER_ISSUER = 'letsencrypt';

/** Namespace of Prometheus (scrapes are admitted from it). */
export const MONITORING_NAMESPACE = 'monitoring';

/** Namespace of cert-manager; ClusterIssuers read their DNS credentials from it. */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

/** Namespace of the External Secrets Operator (its ServiceAccount authenticates to Vault). */
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';

/** Namespace of Kyverno. */
export const KYVERNO_NAMESPACE = 'kyverno';

/**
 * PriorityClass of platform components whose loss takes down traffic or admission (ingress
 * controllers, admission webhooks, certificate and secret controllers). Rendered by the
 * cluster-classes component.
 */
export const PLATFORM_CRITICAL_PRIORITY_CLASS = 'platform-critical';

/**
 * Label on every application namespace (set by the tenancy component). Teams cannot change
 * namespace labels, so platform-only resources can exclude tenants by it (the Vault store does).
 */
export const TENANT_NAMESPACE_LABEL = 'platform.example.com/tenant';
/** Namespace of Loki (the log shipper pushes to it, Grafana queries it). */
export const LOGGING_NAMESPACE = 'logging';

/** Helm release name of Loki; its gateway Service is `<release>-gateway`. */
export const LOKI_RELEASE_NAME = 'loki';

/** Loki's gateway, the one entry point for pushes (/loki/api/v1/push) and queries. */
export const LOKI_GATEWAY_URL = `http://${LOKI_RELEASE_NAME}-gateway.${LOGGING_NAMESPACE}.svc.cluster.local`;
