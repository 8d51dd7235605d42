import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStaging, PublishInterrupted, recoverDist } from '../../src/render/publish-dist';
import type { PublishHook, PublishPoint } from '../../src/render/publish-hook';
import { writeJournal } from '../../src/render/publish-journal';
import { writeDist } from '../../src/render/write-dist';
import { readTree } from '../support/repo';
import { temporaryDirectory } from './support/writers';

function tree(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

function freshDist(): string {
  const dist = path.join(temporaryDirectory('write-dist-'), 'dist');
  writeDist(
    dist,
    new Map([
      ['dev', tree({ 'a.yaml': 'a: 1\n', 'apps/sample/b.yaml': 'b: 1\n' })],
      ['prod', tree({ 'a.yaml': 'a: 1\n', 'apps/sample/b.yaml': 'b: 1\n' })],
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
        ['dev', tree({ 'a.yaml': 'a: 1\n', 'apps/sample/b.yaml': 'b: 1\n' })],
        ['prod', tree({ 'a.yaml': 'a: 2\n', 'apps/sample/b.yaml': 'b: 1\n' })],
      ]),
      true,
    );

    expect(changes.get('dev')).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(changes.get('prod')).toEqual({ added: 0, changed: 1, removed: 0 });
    // dev was not swapped (same folder); prod was (a new folder with the new content).
    expect(statSync(path.join(dist, 'dev')).ino).toBe(devFolder);
    expect(statSync(path.join(dist, 'prod')).ino).not.toBe(prodFolder);
    expect(readTree(path.join(dist, 'prod'))).toEqual(tree({ 'a.yaml': 'a: 2\n', 'apps/sample/b.yaml': 'b: 1\n' }));
    // No staging directory is left beside dist/.
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('keeps an unchanged file of a changed environment as the same file (a hard link), with its content', () => {
    const dist = freshDist();
    const unchangedFile = path.join(dist, 'prod/apps/sample/b.yaml');
    const before = statSync(unchangedFile);

    writeDist(dist, new Map([['prod', tree({ 'a.yaml': 'a: 2\n', 'apps/sample/b.yaml': 'b: 1\n' })]]), false);

    const after = statSync(unchangedFile);
    expect(after.ino).toBe(before.ino);
    // The old folder is gone, so the file has one name again.
    expect(after.nlink).toBe(1);
    expect(readTree(path.join(dist, 'prod')).get('apps/sample/b.yaml')).toBe('b: 1\n');
    // Without removeOthers, environments not rendered stay as they were.
    expect(readTree(path.join(dist, 'dev'))).toEqual(tree({ 'a.yaml': 'a: 1\n', 'apps/sample/b.yaml': 'b: 1\n' }));
  });

  it('counts added and removed files, and removes stale environments even when nothing else changed', () => {
    const dist = freshDist();
    mkdirSync(path.join(dist, 'qa'));
    writeFileSync(path.join(dist, 'qa/x.yaml'), 'x: 1\n');

    const changes = writeDist(
      dist,
      new Map([
        ['dev', tree({ 'a.yaml': 'a: 1\n', 'apps/sample/b.yaml': 'b: 1\n' })],
        ['prod', tree({ 'a.yaml': 'a: 1\n', 'apps/api/c.yaml': 'c: 1\n' })],
      ]),
      true,
    );

    expect(changes.get('prod')).toEqual({ added: 1, changed: 0, removed: 1 });
    expect(readdirSync(dist).sort()).toEqual(['dev', 'prod']);
    expect([...readTree(path.join(dist, 'prod')).keys()]).toEqual(['a.yaml', 'apps/api/c.yaml']);
  });

  it('creates dist/ when it does not exist yet', () => {
    const dist = path.join(temporaryDirectory('write-dist-'), 'dist');
    const changes = writeDist(dist, new Map([['dev', tree({ 'a.yaml': 'a: 1\n' })]]), true);
    expect(changes.get('dev')).toEqual({ added: 1, changed: 0, removed: 0 });
    expect(readTree(path.join(dist, 'dev'))).toEqual(tree({ 'a.yaml': 'a: 1\n' }));
  });
});

describe('writeDist and recoverDist: all environments or none', () => {
  const before = { 'a.yaml': 'a: 1\n', 'apps/sample/b.yaml': 'b: 1\n' };
  const after = new Map([
    ['dev', tree({ 'a.yaml': 'a: 2\n', 'apps/sample/b.yaml': 'b: 1\n' })],
    ['prod', tree({ 'a.yaml': 'a: 3\n' })],
  ]);
  const afterTree = new Map([['dev/a.yaml', 'a: 2\n'], ['dev/apps/sample/b.yaml', 'b: 1\n'], ['prod/a.yaml', 'a: 3\n']]);
  const stopAt = (stop: PublishPoint, occurrence = 1): PublishHook => {
    let seen = 0;
    return (point) => {
      if (point === stop && ++seen === occurrence) throw new Error(`stopped at ${point}`);
    };
  };

  it('leaves dist/ as it was, and no staging folder, when staging fails', () => {
    const dist = freshDist();
    const old = readTree(dist);
    expect(() => writeDist(dist, after, true, stopAt('staged', 2))).toThrow('stopped at staged');
    expect(readTree(dist)).toEqual(old);
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('completes a publish stopped between renames on the next recoverDist, and says so', () => {
    const dist = freshDist();
    expect(() => writeDist(dist, after, true, stopAt('moved-aside', 2))).toThrow(PublishInterrupted);
    // dev was swapped, prod moved aside and not yet replaced: the state a crash there leaves.
    expect(readdirSync(dist)).toEqual(['dev']);
    expect(recoverDist(dist)).toEqual([{ outcome: 'finished', environments: ['dev', 'prod'] }]);
    expect(readTree(dist)).toEqual(afterTree);
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);
    expect(recoverDist(dist)).toEqual([]);
  });

  it('discards a staging folder whose journal never reached commit, and removes one without a journal', () => {
    const dist = freshDist();
    const old = readTree(dist);
    const uncommitted = createStaging(dist);
    writeJournal(uncommitted.dir, { phase: 'staging', publish: ['dev'], remove: [] });
    mkdirSync(path.join(uncommitted.newDir, 'dev'), { recursive: true });
    writeFileSync(path.join(uncommitted.newDir, 'dev/a.yaml'), 'a: half-written');
    const leftover = createStaging(dist);

    const recoveries = recoverDist(dist);
    expect(recoveries).toHaveLength(2);
    expect(recoveries).toContainEqual({ outcome: 'discarded', environments: ['dev'] });
    expect(recoveries).toContainEqual({ outcome: 'leftovers', environments: [] });
    expect(existsSync(leftover.dir)).toBe(false);
    expect(readTree(dist)).toEqual(old);
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('leaves the staging folders of another output directory beside it alone', () => {
    const dist = freshDist();
    const other = createStaging(path.join(path.dirname(dist), 'dist-preview'));
    writeJournal(other.dir, { phase: 'commit', publish: ['dev'], remove: [] });
    expect(recoverDist(dist)).toEqual([]);
    expect(existsSync(path.join(other.dir, 'journal.json'))).toBe(true);
  });

  it('refuses to guess when a journal is unreadable, and keeps the staging folder', () => {
    const dist = freshDist();
    const damaged = createStaging(dist);
    writeFileSync(path.join(damaged.dir, 'journal.json'), '{"phase":"comm');
    expect(() => recoverDist(dist)).toThrow(/unreadable publish journal .* then delete/);
    expect(existsSync(damaged.dir)).toBe(true);
  });

  it('stages streamed trees one at a time, and a tree that fails to render leaves dist/ and no staging folder behind', () => {
    const dist = freshDist();
    const before = readTree(dist);
    const rendered: string[] = [];
    function* trees(failAt: string | undefined): Generator<[string, Map<string, string>]> {
      for (const env of ['dev', 'prod']) {
        if (env === failAt) throw new Error(`rendering ${env} failed`);
        rendered.push(env);
        yield [env, tree({ 'a.yaml': `a: ${env}\n` })];
      }
    }
    const staged: string[] = [];
    const record: PublishHook = (point, env) => {
      if (point === 'staged') staged.push(`${env} after ${rendered.join('+')}`);
    };
    expect(() => writeDist(dist, { names: ['dev', 'prod'], trees: trees('prod') }, true, record)).toThrow('rendering prod failed');
    // dev was staged before prod was rendered; the failure removed the staging folder, dist/ is as it was.
    expect(staged).toEqual(['dev after dev']);
    expect(readTree(dist)).toEqual(before);
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);

    const changes = writeDist(dist, { names: ['dev', 'prod'], trees: trees(undefined) }, true);
    expect(changes.get('prod')).toEqual({ added: 0, changed: 1, removed: 1 });
    expect(readTree(dist)).toEqual(tree({ 'dev/a.yaml': 'a: dev\n', 'prod/a.yaml': 'a: prod\n' }));
    expect(() => writeDist(dist, { names: ['dev'], trees: trees(undefined) }, true)).toThrow("writeDist: tree 'prod' is not one of the announced dev, or came twice");
  });

  it('keeps the journal out of an unchanged synth: nothing is staged when nothing changed', () => {
    const dist = freshDist();
    const seen: PublishPoint[] = [];
    writeDist(dist, new Map([['dev', tree(before)], ['prod', tree(before)]]), true, (point) => seen.push(point));
    expect(seen).toEqual([]);
  });
});
