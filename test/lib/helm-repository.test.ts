import { describe, expect, it } from 'vitest';
import { helmRepositoryProblem, isOciRegistry, ociChartReference } from '../../charts/lib/helm-repository';

describe('Helm repository kinds, as Argo CD tells them apart', () => {
  it('takes a repoURL without a scheme for an OCI registry path (IsHelmOciRepo), an https:// one for a chart repository', () => {
    expect(isOciRegistry('ghcr.io/confidential-containers/charts')).toBe(true);
    expect(isOciRegistry('registry-1.docker.io/bitnamicharts')).toBe(true);
    expect(isOciRegistry('https://charts.jetstack.io')).toBe(false);
    expect(isOciRegistry('oci://ghcr.io/confidential-containers/charts')).toBe(false);
    expect(isOciRegistry('')).toBe(false);
  });

  it('pulls an OCI chart as oci://<registry path>/<chart>', () => {
    expect(ociChartReference({ chart: 'confidential-containers', repoURL: 'ghcr.io/confidential-containers/charts/', version: '0.16.0' })).toBe('oci://ghcr.io/confidential-containers/charts/confidential-containers');
  });

  it('refuses oci:// with a chart (an OCI artifact source to Argo CD 3.1+, chart ignored) and unknown schemes', () => {
    expect(helmRepositoryProblem('oci://ghcr.io/confidential-containers/charts')).toMatch(/^repoURL oci:\/\/ghcr\.io\/confidential-containers\/charts with a chart: Argo CD takes an oci:\/\/ repoURL for an OCI artifact source and ignores chart, expected the registry path without the scheme \(ghcr\.io\/confidential-containers\/charts\)$/);
    expect(helmRepositoryProblem('s3://bucket/charts')).toBe('repoURL s3://bucket/charts: expected an https:// chart repository or an OCI registry path without a scheme');
    expect(helmRepositoryProblem('https://charts.jetstack.io')).toBeUndefined();
    expect(helmRepositoryProblem('ghcr.io/confidential-containers/charts')).toBeUndefined();
  });
});
