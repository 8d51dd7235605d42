import { z } from 'zod';

/** IPv4 or IPv6 CIDR in canonical form (no host bits set), as a NetworkPolicy ipBlock takes it. */
const cidr = z.string().superRefine((value, ctx) => {
  const problem = cidrProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/** The first thing wrong with a CIDR, so the overlay author sees one message per value. */
function cidrProblem(value: string): string | undefined {
  if (!z.cidrv4().safeParse(value).success && !z.cidrv6().safeParse(value).success) return 'a CIDR such as 10.0.0.0/24 or fd00::/64';
  if (/\/0$/.test(value)) return 'a CIDR narrower than /0 (the whole address space is no restriction at all)';
  if (value.includes('.') && !ipv4HostBitsClear(value)) return 'a CIDR without host bits, e.g. 10.0.0.0/24 rather than 10.0.0.5/24';
  return undefined;
}

function ipv4HostBitsClear(value: string): boolean {
  const [address, bits] = value.split('/') as [string, string];
  const n = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const hostBits = 32 - Number(bits);
  return n % 2 ** hostBits === 0;
}

/**
 * overlays/<env>/platform.yaml `network`: what the platform namespaces' NetworkPolicies need to
 * know about the cluster that differs per cluster (docs/decisions/platform-network-policies.md).
 */
export const networkSchema = z.strictObject({
  /**
   * Addresses of the Kubernetes API server endpoints (`kubectl get endpoints kubernetes -n default`,
   * or the control-plane subnets of a managed cluster). Operators may reach them on 443/6443 and
   * admission webhooks accept calls from them. NetworkPolicies see the endpoint address after the
   * kubernetes.default Service is translated, so the ClusterIP is not enough.
   */
  apiServerCidrs: z.array(cidr).min(1),
});

export type NetworkConfig = z.infer<typeof networkSchema>;
