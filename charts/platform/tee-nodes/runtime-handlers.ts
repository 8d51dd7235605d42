import type { TeeTechnology } from '../../../src/config/platform/tee';

/**
 * The Kata Containers / Confidential Containers runtime handler of each technology (the name the
 * CoCo operator / kata-deploy registers in containerd on the TEE nodes).
 */
export const TEE_RUNTIME_HANDLERS: Readonly<Record<TeeTechnology, string>> = {
  'SEV-SNP': 'kata-qemu-snp',
  TDX: 'kata-qemu-tdx',
};

/**
 * The CPU security attribute node-feature-discovery reports when the host has the technology
 * enabled (NFD `cpu.security` feature).
 */
export const TEE_CPU_SECURITY_ATTRIBUTE: Readonly<Record<TeeTechnology, string>> = {
  'SEV-SNP': 'sev.snp.enabled',
  TDX: 'tdx.enabled',
};
