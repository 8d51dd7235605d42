/** A Kubernetes IntOrString such as 1 or "25%", resolved against a total (rounding up, like the disruption controller). */
export function scaledValue(value: unknown, total: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const percent = /^(\d+)%$/.exec(value);
    if (percent) return Math.ceil((total * Number(percent[1])) / 100);
    if (/^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}
