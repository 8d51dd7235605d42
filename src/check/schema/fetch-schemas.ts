import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SchemaDownload } from './schema-sources';

/** The part of fetch() used here, so tests can pass a fake and never touch the network. */
export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; statusText: string; text(): Promise<string> }>;

export interface FetchSchemasOptions {
  readonly downloads: readonly SchemaDownload[];
  /** The schema dir to (re)create, e.g. <repo>/.cache/schemas. */
  readonly outDir: string;
  /** @default globalThis.fetch */
  readonly fetch?: Fetcher;
  /** Per-file timeout. @default 60000 */
  readonly timeoutMs?: number;
  /** Progress lines. @default - silent */
  readonly log?: (line: string) => void;
}

export class FetchSchemasError extends Error {}

const OFFLINE_HINT =
  'npm run fetch-schemas needs internet access (raw.githubusercontent.com). Offline, point the check at a schema dir you have: ' +
  'npm run check -- --schema-dir <dir>, or GITOPS_SCHEMA_DIR=<dir> (CI uses ../shared/upstream)';

/**
 * Downloads every file into a fresh directory next to outDir, checks each one, then swaps it in:
 * a failed or interrupted run leaves an existing cache exactly as it was.
 */
export async function fetchSchemas(options: FetchSchemasOptions): Promise<{ files: number; bytes: number }> {
  const fetcher = options.fetch ?? (globalThis.fetch as Fetcher);
  const outDir = path.resolve(options.outDir);
  const staging = `${outDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  let bytes = 0;
  try {
    for (const download of options.downloads) {
      const text = await downloadOne(fetcher, download, options.timeoutMs ?? 60_000);
      verify(download, text);
      const file = path.join(staging, ...download.target.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      bytes += Buffer.byteLength(text);
      options.log?.(`  ${download.target}  (${Math.round(Buffer.byteLength(text) / 1024)} KiB)`);
    }
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(path.dirname(outDir), { recursive: true });
    renameSync(staging, outDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { files: options.downloads.length, bytes };
}

async function downloadOne(fetcher: Fetcher, download: SchemaDownload, timeoutMs: number): Promise<string> {
  let response: Awaited<ReturnType<Fetcher>>;
  try {
    response = await fetcher(download.url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new FetchSchemasError(`cannot download ${download.url}: ${describeNetworkError(error)}\n${OFFLINE_HINT}`);
  }
  if (!response.ok) {
    throw new FetchSchemasError(`cannot download ${download.url}: HTTP ${response.status} ${response.statusText} (is the pinned version or path still published?)`);
  }
  return response.text();
}

/** "fetch failed (ENOTFOUND raw.githubusercontent.com)": the cause is where Node puts the useful part. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out (${error.message})`;
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error || (typeof cause === 'object' && cause !== null) ? [(cause as { code?: string }).code, (cause as { message?: string }).message].filter(Boolean).join(' ') : '';
  return detail === '' ? error.message : `${error.message} (${detail})`;
}

/** Refuses content that is not what the URL promised (an HTML error page, a moved file). */
function verify(download: SchemaDownload, text: string): void {
  if (download.kind === 'kubernetes-definitions') {
    let definitions: unknown;
    try {
      definitions = (JSON.parse(text) as { definitions?: unknown }).definitions;
    } catch {
      definitions = undefined;
    }
    if (typeof definitions !== 'object' || definitions === null) throw new FetchSchemasError(`${download.url}: expected JSON with "definitions", got something else`);
  } else if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(text)) {
    throw new FetchSchemasError(`${download.url}: expected a CustomResourceDefinition, got something else`);
  }
}
