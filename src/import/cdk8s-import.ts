import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { TypeSource } from './plan-imports';

/** Writes the TypeScript modules of imports/ into a directory. */
export type TypeGenerator = (sources: readonly TypeSource[], outDir: string, workDir: string) => void;

/**
 * `cdk8s import` of every source in ONE process: its CLI takes one spec per invocation, but with
 * none it imports every entry of the cdk8s.yaml in its working directory. So the sources are
 * written to workDir with a cdk8s.yaml listing them. One process for all 14 imports takes ~3 s;
 * one per import took ~22 s, nearly all of it starting the CLI.
 */
export function cdk8sImport(cdk8sBinary: string): TypeGenerator {
  return (sources, outDir, workDir) => {
    mkdirSync(workDir, { recursive: true });
    const imports = sources.map((source) => {
      const file = path.join(workDir, `${source.name}.yaml`);
      writeFileSync(file, source.text);
      return `${source.name}:=${file}`;
    });
    writeFileSync(path.join(workDir, 'cdk8s.yaml'), stringify({ language: 'typescript', imports }));
    if (sources.length === 0) return;
    const result = spawnSync(cdk8sBinary, ['import', '--no-check-upgrade', '--no-save', '--output', outDir], { cwd: workDir, encoding: 'utf8' });
    if (result.error !== undefined || result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
      throw new Error(`cdk8s import failed (${result.error?.message ?? `exit code ${String(result.status)}`}):\n${output}`);
    }
  };
}
