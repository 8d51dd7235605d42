import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../../config/config-error';
import { asExclusiveWriter, commandWriter } from './exclusive-writer';
import { rootArgument } from './root-option';

import type { AppCatalog } from '../../app-catalog';

/** Where a command writes; tests capture it, the binary prints it. */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * What a command is given: where to write, and the applications of the repository it works on.
 * The binary loads this checkout's charts/apps/; tests pass fixture apps, so the commands are
 * tested on a repository of their own rather than on the example apps.
 */
export interface CommandContext extends CommandIo {
  readonly loadApps: () => Promise<AppCatalog>;
}

/** One npm script: its --help text and what it does with the remaining arguments. */
export interface Command {
  readonly name: string;
  readonly help: string;
  /**
   * Writes overlays/ or dist/: runs as the repository's only writer, after recovering an
   * interrupted one (asExclusiveWriter), from reading the overlays to the last file written.
   */
  readonly writesRepository?: boolean;
  /** Returns the exit code. Throws Refusal or UsageError for expected failures. */
  readonly run: (args: readonly string[], context: CommandContext) => Promise<number>;
}

/**
 * The command will not do what was asked, and has changed nothing. The message says why and
 * what to do instead.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** The command line itself is wrong (unknown option, missing argument). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** Runs a command: --help, then the command, turning expected failures into messages and exit codes. */
export async function runCommand(command: Command, args: readonly string[], io: CommandContext): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    if (!command.writesRepository) return await command.run(args, io);
    return await asExclusiveWriter(commandWriter(rootArgument(args), command.name, args, io), () => command.run(args, io));
  } catch (error) {
    if (error instanceof Refusal) {
      io.err(`${command.name} refused: ${error.message}\nNothing was changed.`);
      return EXIT_REFUSED;
    }
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\n\n${command.help}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.err(`${command.name} failed: ${error.problems.length} problem(s) in overlays, fix them first:\n${error.message}`);
      return EXIT_REFUSED;
    }
    throw error;
  }
}

/** node:util parseArgs with positionals, turning its errors into UsageError. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
