import { z } from 'zod';
import { dnsLabel, dnsSubdomain, httpsUrl } from '../fields';
import { operatorReplicas } from './common';
import { secretKeysSchema } from './secret-keys';

/** overlays/<env>/platform.yaml `externalSecrets`: the operator and its Vault ClusterSecretStore. */
export const externalSecretsSchema = z.strictObject({
  /** Controller, webhook and cert-controller pods each (leader election keeps one controller active). */
  replicas: operatorReplicas,
  vault: z.strictObject({
    /** Vault address, e.g. https://vault.example.com:8200. */
    server: httpsUrl('an https:// Vault address'),
    /** Mount path of the KV engine secrets are read from. */
    path: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'a KV mount path such as secret'),
    /** KV engine version. */
    version: z.enum(['v1', 'v2']),
    /** Vault Enterprise namespace. */
    namespace: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'a Vault namespace path such as admin/platform').max(255).optional(),
    kubernetesAuth: z.strictObject({
      /** Mount path of the Kubernetes auth method for this cluster, e.g. kubernetes-prod. */
      mountPath: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'an auth mount path such as kubernetes'),
      /** Vault role bound to the operator's ServiceAccount. */
      role: z.string().regex(/^[A-Za-z0-9_.@-]{1,255}$/, 'a Vault role name such as external-secrets'),
      /** Audiences of the ServiceAccount token; Vault 1.21+ rejects roles without one. */
      audiences: z.array(z.string().min(1)).min(1),
    }),
    /** Where the CA bundle of a Vault server behind a private CA lives. */
    caProvider: z
      .strictObject({
        type: z.enum(['ConfigMap', 'Secret']),
        name: dnsSubdomain('a ConfigMap or Secret name'),
        /** Key inside it (ConfigMap and Secret keys: letters, digits, -, _ and .). */
        key: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, 'a ConfigMap or Secret key such as ca.crt'),
        namespace: dnsLabel,
      })
      .optional(),
  }),
  /** Environment prefix of every Vault key, and the keys shared across environments (src/config/platform/secret-keys.ts). */
  keys: secretKeysSchema,
});

export type ExternalSecretsConfig = z.infer<typeof externalSecretsSchema>;
