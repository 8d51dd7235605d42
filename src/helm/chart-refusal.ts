/**
 * A chart is not the one the lock recorded (or none is recorded): rendering or keeping it would
 * trust content nobody reviewed. The message names chart, version, both digests and what to do.
 */
export class ChartRefusal extends Error {
  override readonly name = 'ChartRefusal';
}

export function digestMismatch(where: string, chart: string, version: string, lockFile: string, expected: string, got: string, remedy: string): ChartRefusal {
  return new ChartRefusal(
    `${chart} ${version}: ${where} has digest ${got}, but ${lockFile} records ${expected} for this version: ` +
      `the same version now has different content (republished upstream, or altered after it was reviewed). ${remedy}`,
  );
}

export function notLocked(chart: string, version: string, lockFile: string): ChartRefusal {
  return new ChartRefusal(
    `${chart} ${version}: no digest recorded in ${lockFile}. Pull it with internet access and record it with ` +
      '`npm run charts -- --update-lock`, review the chart, and commit the lock file.',
  );
}
