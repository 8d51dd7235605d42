/**
 * Kubernetes resource quantities, the subset overlays use: CPU as cores or millicores (`2`,
 * `0.5`, `250m`), memory and storage as plain bytes or binary suffixes (`512Mi`, `2Gi`). Parsed
 * only to compare them (a default request above a limit is a mistake worth stopping for).
 */
export const CPU_QUANTITY = /^(\d+m|\d+(\.\d{1,3})?)$/;
export const MEMORY_QUANTITY = /^\d+(Ki|Mi|Gi|Ti)?$/;

const BINARY_SUFFIX: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** Millicores of a CPU quantity; throws on anything CPU_QUANTITY does not accept. */
export function cpuMillis(quantity: string): number {
  if (!CPU_QUANTITY.test(quantity)) throw new Error(`'${quantity}' is not a CPU quantity such as 250m or 2`);
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

/** Bytes of a memory or storage quantity; throws on anything MEMORY_QUANTITY does not accept. */
export function memoryBytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new Error(`'${quantity}' is not a memory quantity such as 512Mi or 2Gi`);
  return Number(match[1]) * BINARY_SUFFIX[match[2] ?? '']!;
}
