import { z } from 'zod';
import { dnsDomain } from '../fields';
import { vaultSecretRef } from './common';

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * overlays/<env>/platform.yaml `externalDns`: DNS records for the exposed hosts (the apps'
 * Ingresses), opt-in per environment. Credentials are Vault references below `platform/`, read
 * through the cluster store like cert-manager's DNS credentials; never values.
 */
export const externalDnsSchema = z
  .strictObject({
    /** Install external-dns in this environment. */
    enabled: z.boolean(),
    /** The DNS provider; its block below carries what it needs. */
    provider: z.enum(['cloudflare', 'aws']),
    /** Zones external-dns may write; hosts outside them are never touched. */
    domainFilters: z.array(dnsDomain('a DNS zone such as example.com')).min(1),
    /**
     * `upsert-only` (default) never deletes records; `sync` also deletes records this cluster
     * owns (TXT ownership) when their Ingress is gone.
     */
    policy: z.enum(['upsert-only', 'sync']).default('upsert-only'),
    /** Cloudflare: an API token with Zone:DNS:Edit on the zones. */
    cloudflare: z.strictObject({ apiToken: vaultSecretRef }).optional(),
    /** Route53 with ambient credentials (IRSA role on external-dns' ServiceAccount). */
    aws: z.strictObject({ serviceAccountRoleArn: z.string().regex(IAM_ROLE_ARN, 'an IAM role ARN') }).optional(),
  })
  .superRefine((config, ctx) => {
    if (config[config.provider] === undefined) {
      ctx.addIssue({ code: 'custom', path: [], input: config.provider, message: `provider ${config.provider} needs its ${config.provider} block` });
    }
    for (const other of (['cloudflare', 'aws'] as const).filter((p) => p !== config.provider && config[p] !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [other], input: other, message: `the ${other} block is set, but provider is ${config.provider} (remove one)` });
    }
  });

export type ExternalDnsConfig = z.infer<typeof externalDnsSchema>;
