import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentNames, firstEnvironment, productionEnvironment } from '../support/platform';
import { readTree, runSynthCli } from '../support/repo';

describe('synth output', () => {
  it('is byte-identical across runs, time zones, locales and working directories', () => {
    const first = mkdtempSync(path.join(tmpdir(), 'synth-a-'));
    const second = mkdtempSync(path.join(tmpdir(), 'synth-b-'));
    const a = runSynthCli(['--out', first]);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    const b = runSynthCli(['--out', second], {
      cwd: tmpdir(),
      env: { ...process.env, TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    });
    expect(b.status).toBe(0);
    const treeA = readTree(first);
    expect(treeA.size).toBeGreaterThan(0);
    expect(readTree(second)).toEqual(treeA);
  });

  it('prints a summary line per environment with objects, files, changes and time', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'synth-c-'));
    const [chosen, other] = [productionEnvironment(), firstEnvironment()];
    const result = runSynthCli(['--out', out, '--env', chosen]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${chosen}\\s+1 cluster\\s+\\d+ objects\\s+\\d+ files\\s+\\+\\d+ ~0 -0\\s+\\d+\\.\\d\\ds$`, 'm'));
    if (other !== chosen) expect(result.stdout).not.toMatch(new RegExp(`^${other} `, 'm'));
  });

  it('fails with the list of known environments for an unknown --env', () => {
    const unknown = 'no-such-environment';
    expect(environmentNames()).not.toContain(unknown);
    const result = runSynthCli(['--env', unknown, '--out', mkdtempSync(path.join(tmpdir(), 'synth-d-'))]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`unknown environment '${unknown}', expected one of: ${environmentNames().join(', ')}`);
  });
});
