import { z } from 'zod';
import { dnsDomain, httpsUrl } from '../fields';
import { operatorReplicas, vaultSecretRef } from './common';

/** Cloudflare: an API token with Zone:DNS:Edit on the zones, delivered from Vault. */
const cloudflareSchema = z.strictObject({
  apiToken: vaultSecretRef,
});

/**
 * Route53. Without `accessKeyID`/`secretAccessKey` cert-manager uses ambient credentials
 * (IRSA / EKS Pod Identity on its ServiceAccount), which is the preferred setup on AWS.
 */
const route53Schema = z
  .strictObject({
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-central-1'),
    /** Restricts the solver to one hosted zone (skips the zone lookup). */
    hostedZoneID: z.string().regex(/^Z[A-Z0-9]+$/, 'a Route53 hosted zone ID such as Z0123456789ABC').optional(),
    /** IAM role to assume for the DNS changes (cross-account setups). */
    role: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN').optional(),
    /** IAM role cert-manager's ServiceAccount is annotated with for IRSA (eks.amazonaws.com/role-arn). */
    serviceAccountRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN').optional(),
    accessKeyID: vaultSecretRef.optional(),
    secretAccessKey: vaultSecretRef.optional(),
  })
  .superRefine((route53, ctx) => {
    if ((route53.accessKeyID === undefined) !== (route53.secretAccessKey === undefined)) {
      ctx.addIssue({ code: 'custom', path: [route53.accessKeyID ? 'secretAccessKey' : 'accessKeyID'], input: undefined, message: 'static credentials need both accessKeyID and secretAccessKey (or neither, for ambient credentials)' });
    }
  });

/** RFC2136 dynamic updates (BIND, PowerDNS, Knot) authenticated with a TSIG key. */
const rfc2136Schema = z.strictObject({
  /** host:port of the authoritative server accepting updates. */
  nameserver: z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d+$/, 'host:port such as 10.0.0.53:53'),
  /** TSIG key names are DNS names (a trailing dot is allowed). */
  tsigKeyName: z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9.])?$/, 'a TSIG key name such as acme-update.example.com.'),
  tsigAlgorithm: z.enum(['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512']),
  tsigSecret: vaultSecretRef,
});

const PROVIDERS = ['cloudflare', 'route53', 'rfc2136'] as const;

/** overlays/<env>/platform.yaml `certManager`: cert-manager and the ACME ClusterIssuer. */
export const certManagerSchema = z.strictObject({
  /** Controller, webhook and cainjector pods each. */
  replicas: operatorReplicas,
  acme: z.strictObject({
    /**
     * ACME directory: Let's Encrypt staging outside prod (untrusted certificates, generous rate
     * limits), production in prod.
     */
    server: httpsUrl('an https:// ACME directory URL'),
    /** Account e-mail: expiry and policy notices from the CA go here. */
    email: z.email({ error: 'an e-mail address' }),
  }),
  dns01: z
    .strictObject({
      /** DNS zones the solver answers challenges for; names outside them are never attempted. */
      zones: z.array(dnsDomain('a DNS zone such as example.com')).min(1),
      /** Follow CNAMEs of _acme-challenge records (delegated challenge zones). */
      followCNAME: z.boolean().optional(),
      /** The DNS provider: exactly one of these blocks. */
      cloudflare: cloudflareSchema.optional(),
      route53: route53Schema.optional(),
      rfc2136: rfc2136Schema.optional(),
    })
    .superRefine((dns01, ctx) => {
      const chosen = PROVIDERS.filter((provider) => dns01[provider] !== undefined);
      if (chosen.length !== 1) {
        ctx.addIssue({ code: 'custom', path: [], input: chosen.length, message: `exactly one DNS provider block (${PROVIDERS.join(', ')}) must be set` });
      }
    }),
});

export type CertManagerConfig = z.infer<typeof certManagerSchema>;
export type Dns01Config = CertManagerConfig['dns01'];
