import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asExclusiveWriter } from '../../src/cli/lib/exclusive-writer';
import { setImageCommand } from '../../src/cli/set-image';
import { statusCommand } from '../../src/cli/status';
import { acquireWriterLock, lockDirectory, lockWaitMs, type LockHolder } from '../../src/writer-lock/writer-lock';
import { runCli } from '../support/cli';
import { repositoryCatalog } from '../support/repo';
import { runEntry, scratchRoot, startEntry, temporaryDirectory } from './support/writers';

const IMAGE = `registry.example.com/storefront/lock-test@sha256:${'e'.repeat(64)}`;

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a process');
  return child.pid;
}

/** A lock folder as a holder would leave it, without going through acquireWriterLock. */
function plantLock(root: string, holder: LockHolder | string): void {
  const dir = lockDirectory(root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'owner-planted.json'), typeof holder === 'string' ? holder : JSON.stringify(holder));
}

function quiet(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

describe('the writer lock', () => {
  it('makes a second writer wait, then fail naming the holder (pid, command, since) and what to do', async () => {
    const root = temporaryDirectory('lock-');
    const holder = await acquireWriterLock({ root, command: 'synth --env dev', waitMs: 0, log: () => {} });
    try {
      const second = quiet();
      const attempt = acquireWriterLock({ root, command: 'set-image', waitMs: 200, log: second.log });
      await expect(attempt).rejects.toThrow(`another writer holds the repository's writer lock: of pid ${process.pid} on ${hostname()} ('synth --env dev', since 20`);
      await expect(attempt).rejects.toThrow(`waited 0.2 s. Let it finish, then run this again (GITOPS_WRITER_LOCK_WAIT=<seconds> waits longer). If pid ${process.pid} is not running on ${hostname()}, delete ${lockDirectory(root)}`);
      expect(second.lines).toEqual([expect.stringMatching(/^waiting for the writer lock of pid \d+ .*\(up to 0\.2 s\)$/)]);
    } finally {
      holder.release();
    }
    expect(existsSync(lockDirectory(root))).toBe(false);
    const third = await acquireWriterLock({ root, command: 'promote', waitMs: 0, log: () => {} });
    third.release();
  });

  it('waits GITOPS_WRITER_LOCK_WAIT seconds (30 by default) and refuses a value that is not a number of seconds', () => {
    expect(lockWaitMs({})).toBe(30_000);
    expect(lockWaitMs({ GITOPS_WRITER_LOCK_WAIT: '2.5' })).toBe(2500);
    expect(lockWaitMs({ GITOPS_WRITER_LOCK_WAIT: '0' })).toBe(0);
    expect(() => lockWaitMs({ GITOPS_WRITER_LOCK_WAIT: 'soon' })).toThrow("GITOPS_WRITER_LOCK_WAIT: expected the seconds to wait for another writer (a number >= 0), got 'soon'");
    expect(() => lockWaitMs({ GITOPS_WRITER_LOCK_WAIT: '-1' })).toThrow('got \'-1\'');
  });

  it('makes npm run synth fail after its wait with the holder named, before it reads or writes anything', async () => {
    const root = temporaryDirectory('lock-');
    const holder = await acquireWriterLock({ root, command: 'promote some-app --to prod', waitMs: 0, log: () => {} });
    try {
      // No overlays/ at all: a synth that got past the lock would fail differently.
      const result = await runEntry('src/synth.ts', ['--root', root], { GITOPS_WRITER_LOCK_WAIT: '0.3' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`synth: waiting for the writer lock of pid ${process.pid}`);
      expect(result.stderr).toContain(`synth failed, dist/ unchanged: another writer holds the repository's writer lock: of pid ${process.pid} on ${hostname()} ('promote some-app --to prod', since `);
    } finally {
      holder.release();
    }
    expect(readdirSync(root)).toEqual(['.cache']);
  });

  it.each([
    ['a process that no longer runs', (): LockHolder | string => ({ pid: deadPid(), host: hostname(), command: 'synth', since: '2026-01-01T00:00:00.000Z' }), 'that process no longer runs'],
    ['another host', (): LockHolder | string => ({ pid: process.pid, host: `not-${hostname()}`, command: 'synth', since: '2026-01-01T00:00:00.000Z' }), 'it was taken on another host'],
    ['a damaged owner file', (): LockHolder | string => '{"pid": 12', 'its owner file is damaged'],
  ])('takes over a stale lock of %s, and says so', async (_, holder, reason) => {
    const root = temporaryDirectory('lock-');
    plantLock(root, holder());
    const writer = quiet();
    const lock = await acquireWriterLock({ root, command: 'synth', waitMs: 0, log: writer.log });
    expect(writer.lines).toEqual([expect.stringMatching(new RegExp(`^removed a stale writer lock .*: ${reason}`))]);
    const owner = JSON.parse(readFileSync(path.join(lockDirectory(root), readdirSync(lockDirectory(root))[0]!), 'utf8')) as LockHolder;
    expect(owner.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockDirectory(root))).toBe(false);
  });

  it('is released when the work fails, and by a refused promotion command', async () => {
    const root = scratchRoot();
    const writer = { root, distDir: path.join(root, 'dist'), command: 'test', log: () => {} };
    await expect(asExclusiveWriter(writer, () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(existsSync(lockDirectory(root))).toBe(false);

    const refused = await runCli(setImageCommand, ['no-such-app', '--env', 'dev', '--image', IMAGE, '--root', root], await repositoryCatalog());
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("unknown app 'no-such-app'");
    expect(existsSync(lockDirectory(root))).toBe(false);
  });

  it('is not taken by read-only commands', async () => {
    const root = scratchRoot();
    const holder = await acquireWriterLock({ root, command: 'synth', waitMs: 0, log: () => {} });
    try {
      const status = await runCli(statusCommand, ['--root', root], await repositoryCatalog());
      expect(status.err).toBe('');
      expect(status.code).toBe(0);
    } finally {
      holder.release();
    }
  });

  it('admits one holder at a time, also when several writers find the same stale lock at once', async () => {
    const root = temporaryDirectory('lock-');
    const log = path.join(root, 'holders.log');
    const stalePid = deadPid();
    plantLock(root, { pid: stalePid, host: hostname(), command: 'synth', since: '2026-01-01T00:00:00.000Z' });
    const holders = [1, 2, 3].map(() => startEntry('test/render/support/lock-holder.ts', [root, '150', log]));
    const results = await Promise.all(holders.map((h) => h.finished));
    for (const result of results) expect(result.status, result.stderr).toBe(0);
    // Exactly one of them removed the stale lock; the others found it gone or taken.
    expect(results.filter((r) => r.stderr.includes(`removed a stale writer lock of pid ${stalePid}`))).toHaveLength(1);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`enter ${pid}`, `leave ${pid}`]);
    }
    expect(existsSync(lockDirectory(root))).toBe(false);
  });

  it('on SIGTERM lets the work finish, then releases the lock and ends with the signal', async () => {
    const root = temporaryDirectory('lock-');
    const log = path.join(root, 'holders.log');
    const holder = startEntry('test/render/support/lock-holder.ts', [root, '400', log]);
    await holder.printed('holding');
    holder.child.kill('SIGTERM');
    const result = await holder.finished;
    expect(result.signal).toBe('SIGTERM');
    expect(result.stderr).toContain('SIGTERM: finishing the write in progress, then stopping');
    expect(readFileSync(log, 'utf8')).toBe(`enter ${holder.child.pid}\nleave ${holder.child.pid}\n`);
    expect(existsSync(lockDirectory(root))).toBe(false);
  });

  it('on a second SIGINT releases the lock and stops at once', async () => {
    const root = temporaryDirectory('lock-');
    const log = path.join(root, 'holders.log');
    const holder = startEntry('test/render/support/lock-holder.ts', [root, '60000', log]);
    await holder.printed('holding');
    holder.child.kill('SIGINT');
    await holder.printed('SIGINT: finishing the write in progress');
    holder.child.kill('SIGINT');
    const result = await holder.finished;
    expect(result.signal).toBe('SIGINT');
    expect(readFileSync(log, 'utf8')).toBe(`enter ${holder.child.pid}\n`);
    expect(existsSync(lockDirectory(root))).toBe(false);
  });
});
