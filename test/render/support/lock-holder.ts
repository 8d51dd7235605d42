// Child process for test/render/writer-lock.test.ts: takes the writer lock of <root>, writes
// "enter <pid>" to <log>, prints "holding", keeps the lock for <holdMs>, writes "leave <pid>",
// releases. Usage: lock-holder.ts <root> <holdMs> <log>
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireWriterLock, lockWaitMs } from '../../../src/writer-lock/writer-lock';

const [root, holdMs, log] = process.argv.slice(2);
if (!root || !holdMs || !log) throw new Error('usage: lock-holder.ts <root> <holdMs> <log>');

async function main(): Promise<void> {
  const lock = await acquireWriterLock({ root: root!, command: 'lock-holder', waitMs: lockWaitMs(process.env), log: (line) => console.error(line) });
  try {
    appendFileSync(log!, `enter ${process.pid}\n`);
    console.log('holding');
    await sleep(Number(holdMs));
    appendFileSync(log!, `leave ${process.pid}\n`);
  } finally {
    lock.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
