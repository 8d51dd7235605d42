import { loadAppCatalog } from '../app-catalog';
import { REPO_ROOT } from '../repo-root';
import { diffCommand } from './diff';
import { describeError } from './lib/describe-error';
import { runCommand, type Command } from './lib/command';
import { promoteCommand } from './promote';
import { setImageCommand } from './set-image';
import { statusCommand } from './status';

/**
 * Entry point of the promotion npm scripts: `tsx src/cli/bin.ts <command> [args]`
 * (package.json maps set-image, promote, status and diff to it).
 */
const COMMANDS: readonly Command[] = [setImageCommand, promoteCommand, statusCommand, diffCommand];

const [name, ...args] = process.argv.slice(2);
const command = COMMANDS.find((c) => c.name === name);
// Exit codes are set, never process.exit(): stdout and stderr may be pipes that still hold
// output, and the process ends on its own once they are written.
if (!command) {
  console.error(`unknown command '${name ?? ''}', expected one of: ${COMMANDS.map((c) => c.name).join(', ')}`);
  process.exitCode = 2;
} else {
  const context = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), loadApps: () => loadAppCatalog(REPO_ROOT) };
  runCommand(command, args, context).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${command.name} failed: ${describeError(error)}`);
      process.exitCode = 1;
    },
  );
}
