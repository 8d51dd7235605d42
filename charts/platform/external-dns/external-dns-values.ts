import type { ExternalDnsConfig } from '../../../src/config/platform/external-dns';
import { containerResources, type ContainerResources } from '../../lib/container-resources';

interface EnvFromSecret {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/** The external-dns 1.21.1 chart values this project sets (keys from its values.yaml). */
export interface ExternalDnsValues {
  readonly provider: { readonly name: 'cloudflare' | 'aws' };
  /** Only Ingresses: the exposed hosts. Services of type LoadBalancer are not published. */
  readonly sources: readonly ['ingress'];
  readonly domainFilters: readonly string[];
  readonly policy: 'upsert-only' | 'sync';
  readonly registry: 'txt';
  /** Ownership of records: another cluster writing the same zone never touches this one's. */
  readonly txtOwnerId: string;
  readonly env: readonly EnvFromSecret[];
  readonly serviceAccount: { readonly annotations: Readonly<Record<string, string>> };
  readonly priorityClassName: string;
  readonly resources: ContainerResources;
}

/** Name of the Secret the ExternalSecret writes with the Cloudflare token. */
export const CLOUDFLARE_SECRET = 'external-dns-cloudflare';

export function externalDnsValues(config: ExternalDnsConfig, environment: string, priorityClassName: string): ExternalDnsValues {
  return {
    provider: { name: config.provider },
    sources: ['ingress'],
    domainFilters: [...config.domainFilters],
    policy: config.policy,
    registry: 'txt',
    txtOwnerId: environment,
    env: config.provider === 'cloudflare' ? [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: CLOUDFLARE_SECRET, key: 'api-token' } } }] : [],
    serviceAccount: { annotations: config.aws ? { 'eks.amazonaws.com/role-arn': config.aws.serviceAccountRoleArn } : {} },
    priorityClassName,
    resources: containerResources({ cpu: '20m', memory: '64Mi' }),
  };
}
