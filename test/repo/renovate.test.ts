import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOciRegistry, ociChartReference } from '../../charts/lib/helm-repository';
import { HELM_CHARTS } from '../../charts/lib/versions';
import { REPO_ROOT } from '../support/repo';

interface RenovateConfig {
  ignorePaths: string[];
  customManagers: Array<{ customType: string; managerFilePatterns: string[]; matchStrings: string[] }>;
  packageRules: Array<{ matchFileNames?: string[]; enabled?: boolean }>;
}

/** renovate.json5 is JSON apart from whole-line // comments (its header says so). */
function renovateConfig(): RenovateConfig {
  const text = readFileSync(path.join(REPO_ROOT, 'renovate.json5'), 'utf8');
  return JSON.parse(text.split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n')) as RenovateConfig;
}

/** Renovate writes patterns between slashes as regular expressions. */
function patternMatches(pattern: string, file: string): boolean {
  const regex = /^\/(.*)\/$/.exec(pattern);
  return regex ? new RegExp(regex[1]!).test(file) : pattern === file;
}

describe('renovate.json5', () => {
  const config = renovateConfig();

  it('finds every chart of the versions table with its datasource, repository and current version', () => {
    const versionsFile = 'charts/lib/versions.ts';
    const managers = config.customManagers.filter((m) => m.managerFilePatterns.some((p) => patternMatches(p, versionsFile)));
    expect(managers).toHaveLength(1);
    const text = readFileSync(path.join(REPO_ROOT, versionsFile), 'utf8');
    const found = managers[0]!.matchStrings.flatMap((source) => [...text.matchAll(new RegExp(source, 'g'))].map((m) => m.groups!));
    // A chart published only to an OCI registry is a docker image to Renovate: its full reference, no registryUrl.
    const expected = Object.values(HELM_CHARTS).map((chart) =>
      isOciRegistry(chart.repoURL)
        ? { datasource: 'docker', depName: ociChartReference(chart).slice('oci://'.length), registryUrl: undefined, currentValue: chart.version }
        : { datasource: 'helm', depName: chart.chart, registryUrl: chart.repoURL, currentValue: chart.version },
    );
    expect(found.map((g) => ({ datasource: g['datasource'], depName: g['depName'], registryUrl: g['registryUrl'], currentValue: g['currentValue'] }))).toEqual(expected);
  });

  it('leaves dist/ and the staging and prod image digests alone', () => {
    expect(config.ignorePaths).toContain('dist/**');
    const disabled = config.packageRules.filter((rule) => rule.enabled === false).flatMap((rule) => rule.matchFileNames ?? []);
    expect(disabled).toEqual(expect.arrayContaining(['overlays/staging/**', 'overlays/prod/**']));
  });
});
