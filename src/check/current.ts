import type { Finding } from './types';

export const CURRENT_FIX = 'run npm run synth and commit dist/';

/**
 * The "current" check of one environment: files whose committed text differs from a fresh synth,
 * and files only one side has. Paths are repository-relative.
 */
export function compareWithFreshSynth(environment: string, fresh: ReadonlyMap<string, string>, committed: ReadonlyMap<string, string>): Finding[] {
  const files = [...new Set([...fresh.keys(), ...committed.keys()])].sort();
  const findings: Finding[] = [];
  for (const file of files) {
    const want = fresh.get(file);
    const have = committed.get(file);
    if (want === have) continue;
    const message =
      have === undefined ? 'missing from the committed dist/ (a fresh synth renders it)'
      : want === undefined ? 'not rendered by a fresh synth (stale file in dist/)'
      : 'differs from a fresh synth';
    findings.push({ rule: 'current', severity: 'error', file: `dist/${environment}/${file}`, message, fix: CURRENT_FIX });
  }
  return findings;
}
