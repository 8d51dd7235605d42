import { describe, expect, it } from 'vitest';
import { confidentialPlacement, TEE_CAPABLE_LABEL, teeRuntimeClassName, toleratesTeeTaint } from '../../charts/lib/confidential-placement';
import type { EnvironmentConfig } from '../../src/config/environment-config';
import { loadOverlays } from '../../src/config/load-overlays';
import type { TeeNodesConfig } from '../../src/config/platform/tee-nodes';
import { REPO_ROOT } from '../support/repo';

const environments = loadOverlays({ root: REPO_ROOT, definedApps: new Map([['web', 'charts/apps/web.ts']]) });
const prod = environments.find((e) => e.name === 'prod')!;
const tee = prod.platform.teeNodes!;

function withTee(environment: EnvironmentConfig, teeNodes: TeeNodesConfig | undefined): EnvironmentConfig {
  return { ...environment, platform: { ...environment.platform, teeNodes } };
}

describe('confidentialPlacement', () => {
  it('gives the Kata runtime class, pool + capability node selector and exactly the TEE toleration', () => {
    expect(confidentialPlacement(prod)).toEqual({
      runtimeClassName: 'kata-qemu-snp',
      nodeSelector: { 'node.example.com/pool': 'tee', [TEE_CAPABLE_LABEL]: 'sev-snp' },
      tolerations: [{ key: 'node.example.com/tee', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    });
  });

  it('follows the technology: TDX pools use kata-qemu-tdx and the tdx capability label', () => {
    const placement = confidentialPlacement(withTee(prod, { ...tee, technology: 'TDX' }));
    expect(placement.runtimeClassName).toBe('kata-qemu-tdx');
    expect(placement.nodeSelector[TEE_CAPABLE_LABEL]).toBe('tdx');
    expect(teeRuntimeClassName('SEV-SNP')).toBe('kata-qemu-snp');
  });

  it('returns frozen values a caller cannot change for the next app', () => {
    const placement = confidentialPlacement(prod);
    expect(Object.isFrozen(placement.nodeSelector)).toBe(true);
    expect(Object.isFrozen(placement.tolerations[0])).toBe(true);
  });

  it('fails when the environment has no TEE node pool', () => {
    expect(() => confidentialPlacement(withTee(prod, undefined))).toThrow(
      "environment 'prod' has no TEE node pool: a confidential workload cannot run there, expected 'teeNodes' in overlays/prod/platform.yaml",
    );
  });
});

describe('toleratesTeeTaint', () => {
  it('is true for the placement toleration and for tolerate-everything, false otherwise', () => {
    expect(toleratesTeeTaint(confidentialPlacement(prod).tolerations, tee)).toBe(true);
    expect(toleratesTeeTaint([{ operator: 'Exists' }], tee)).toBe(true);
    expect(toleratesTeeTaint([{ key: tee.taint.key, operator: 'Exists' }], tee)).toBe(true);
    expect(toleratesTeeTaint([{ operator: 'Exists', effect: 'NoExecute' }], tee)).toBe(false);
    expect(toleratesTeeTaint([{ key: tee.taint.key, operator: 'Equal', value: 'false', effect: 'NoSchedule' }], tee)).toBe(false);
    expect(toleratesTeeTaint([{ key: 'node-role.kubernetes.io/ingress', operator: 'Exists' }], tee)).toBe(false);
    expect(toleratesTeeTaint(undefined, tee)).toBe(false);
  });
});
