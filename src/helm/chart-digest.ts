import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The content digest of an extracted chart directory: sha256 over one line
 * `<sha256 of the file, hex>  <path relative to the chart, with />\n` per regular file, sorted by
 * path (Go's dirhash "h1" construction, hex instead of base64). It names the files and their
 * bytes and nothing else: no timestamps, owners, modes or archive framing, so the same chart
 * digests the same whether it was pulled as a .tgz, repackaged or copied by hand. A .tgz digest
 * would change with every repackaging of identical files (docs/decisions/helm-rendering.md).
 */
export function chartDigest(chartDir: string): string {
  const lines = regularFiles(chartDir, '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((file) => `${createHash('sha256').update(readFileSync(path.join(chartDir, file))).digest('hex')}  ${file}\n`);
  return `sha256:${createHash('sha256').update(lines.join('')).digest('hex')}`;
}

function regularFiles(root: string, relative: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...regularFiles(root, child));
    else if (entry.isFile()) files.push(child);
    else {
      // helm never extracts links or devices from a chart archive; one here was put there by
      // something else, and following it would hash content outside the chart.
      const type = lstatSync(path.join(root, child)).isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
      throw new Error(`${path.join(root, child)} is ${type}; a chart directory holds only files and folders`);
    }
  }
  return files;
}
