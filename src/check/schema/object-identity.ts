import { isRecord } from './types';

/** Which object a finding is about. Missing or non-string fields read as ''. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export function identify(object: Record<string, unknown>): ObjectIdentity {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const namespace = text(metadata.namespace);
  return {
    apiVersion: text(object.apiVersion),
    kind: text(object.kind),
    name: text(metadata.name),
    ...(namespace === '' ? {} : { namespace }),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
