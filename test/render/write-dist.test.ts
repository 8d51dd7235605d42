import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDist } from '../../src/render/write-dist';
import { readTree } from '../support/repo';

function tree(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

function freshDist(): string {
  const dist = path.join(mkdtempSync(path.join(tmpdir(), 'write-dist-')), 'dist');
  writeDist(
    dist,
    new Map([
      ['dev', tree({ 'a.yaml': 'a: 1\n', 'apps/web/b.yaml': 'b: 1\n' })],
      ['prod', tree({ 'a.yaml': 'a: 1\n', 'apps/web/b.yaml': 'b: 1\n' })],
    ]),
    true,
  );
  return dist;
}

describe('writeDist', () => {
  it('leaves an environment whose files are all unchanged untouched', () => {
    const dist = freshDist();
    const devFolder = statSync(path.join(dist, 'dev')).ino;
    const prodFolder = statSync(path.join(dist, 'prod')).ino;

    const changes = writeDist(
      dist,
      new Map([
        ['dev', tree({ 'a.yaml': 'a: 1\n', 'apps/web/b.yaml': 'b: 1\n' })],
        ['prod', tree({ 'a.yaml': 'a: 2\n', 'apps/web/b.yaml': 'b: 1\n' })],
      ]),
      true,
    );

    expect(changes.get('dev')).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(changes.get('prod')).toEqual({ added: 0, changed: 1, removed: 0 });
    // dev was not swapped (same folder); prod was (a new folder with the new content).
    expect(statSync(path.join(dist, 'dev')).ino).toBe(devFolder);
    expect(statSync(path.join(dist, 'prod')).ino).not.toBe(prodFolder);
    expect(readTree(path.join(dist, 'prod'))).toEqual(tree({ 'a.yaml': 'a: 2\n', 'apps/web/b.yaml': 'b: 1\n' }));
    // No staging directory is left beside dist/.
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('keeps an unchanged file of a changed environment as the same file (a hard link), with its content', () => {
    const dist = freshDist();
    const unchangedFile = path.join(dist, 'prod/apps/web/b.yaml');
    const before = statSync(unchangedFile);

    writeDist(dist, new Map([['prod', tree({ 'a.yaml': 'a: 2\n', 'apps/web/b.yaml': 'b: 1\n' })]]), false);

    const after = statSync(unchangedFile);
    expect(after.ino).toBe(before.ino);
    // The old folder is gone, so the file has one name again.
    expect(after.nlink).toBe(1);
    expect(readTree(path.join(dist, 'prod')).get('apps/web/b.yaml')).toBe('b: 1\n');
    // Without removeOthers, environments not rendered stay as they were.
    expect(readTree(path.join(dist, 'dev'))).toEqual(tree({ 'a.yaml': 'a: 1\n', 'apps/web/b.yaml': 'b: 1\n' }));
  });

  it('counts added and removed files, and removes stale environments even when nothing else changed', () => {
    const dist = freshDist();
    mkdirSync(path.join(dist, 'qa'));
    writeFileSync(path.join(dist, 'qa/x.yaml'), 'x: 1\n');

    const changes = writeDist(
      dist,
      new Map([
        ['dev', tree({ 'a.yaml': 'a: 1\n', 'apps/web/b.yaml': 'b: 1\n' })],
        ['prod', tree({ 'a.yaml': 'a: 1\n', 'apps/api/c.yaml': 'c: 1\n' })],
      ]),
      true,
    );

    expect(changes.get('prod')).toEqual({ added: 1, changed: 0, removed: 1 });
    expect(readdirSync(dist).sort()).toEqual(['dev', 'prod']);
    expect([...readTree(path.join(dist, 'prod')).keys()]).toEqual(['a.yaml', 'apps/api/c.yaml']);
  });

  it('creates dist/ when it does not exist yet', () => {
    const dist = path.join(mkdtempSync(path.join(tmpdir(), 'write-dist-')), 'dist');
    const changes = writeDist(dist, new Map([['dev', tree({ 'a.yaml': 'a: 1\n' })]]), true);
    expect(changes.get('dev')).toEqual({ added: 1, changed: 0, removed: 0 });
    expect(readTree(path.join(dist, 'dev'))).toEqual(tree({ 'a.yaml': 'a: 1\n' }));
  });
});
