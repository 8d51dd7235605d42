import type { UpstreamReader } from './upstream-files';

/** The part of fetch() used here, so tests can pass a fake and never touch the network. */
export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; statusText: string; text(): Promise<string> }>;

const OFFLINE_HINT = 'Offline, take the files from a local folder instead: npm run import -- --from <dir> (e.g. ../shared/upstream)';

/** Online: downloads every upstream file (concurrently); the first failure names its URL and why. */
export function download(fetcher: Fetcher = globalThis.fetch as Fetcher, timeoutMs = 60_000): UpstreamReader {
  return async (files) => {
    const texts = await Promise.all(
      files.map(async (file) => {
        let response: Awaited<ReturnType<Fetcher>>;
        let text: string;
        try {
          response = await fetcher(file.url, { signal: AbortSignal.timeout(timeoutMs) });
          text = response.ok ? await response.text() : '';
        } catch (error) {
          throw new Error(`cannot download ${file.url} (${file.neededFor}): ${describeNetworkError(error)}\n${OFFLINE_HINT}`);
        }
        if (!response.ok) {
          throw new Error(`cannot download ${file.url} (${file.neededFor}): HTTP ${response.status} ${response.statusText} (is the pinned version or path still published?)`);
        }
        return [file.url, text] as const;
      }),
    );
    return new Map(texts);
  };
}

/** "fetch failed (ENOTFOUND raw.githubusercontent.com)": the cause is where Node puts the useful part. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out (${error.message})`;
  const cause = (error as { cause?: unknown }).cause;
  const detail = typeof cause === 'object' && cause !== null ? [(cause as { code?: string }).code, (cause as { message?: string }).message].filter(Boolean).join(' ') : '';
  return detail === '' ? error.message : `${error.message} (${detail})`;
}
