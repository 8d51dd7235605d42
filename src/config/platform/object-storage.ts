import { z } from 'zod';
import { checkedString, urlProblem } from '../fields';

/** Host names that resolve inside the cluster: object storage there dies with the cluster. */
const IN_CLUSTER_HOST = /(^|\.)(svc|cluster\.local)$/;

/**
 * An S3-compatible bucket outside the cluster (AWS S3, Ceph RGW, MinIO on separate hosts...).
 * Credentials are never here: they come from Vault through an ExternalSecret.
 */
export const objectStorageSchema = z.strictObject({
  /** https:// endpoint of the S3 API, outside the cluster. */
  endpoint: checkedString((value) => {
    const problem = urlProblem(value, { protocols: ['https'], what: 'an https:// URL of an S3-compatible endpoint outside the cluster' });
    if (problem) return problem;
    return IN_CLUSTER_HOST.test(new URL(value).hostname)
      ? { problem: 'an in-cluster host', expected: 'an endpoint outside the cluster (not *.svc or *.cluster.local): backups and logs must survive the cluster' }
      : undefined;
  }),
  /** Region name the endpoint expects (any value for most S3-compatible stores). */
  region: z.string().regex(/^[a-z0-9-]+$/, 'a region such as eu-central-1'),
  /** Bucket name (3-63 lowercase letters, digits, dots and dashes). */
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
  /** Path-style addressing (https://host/bucket); most non-AWS stores need it. */
  forcePathStyle: z.boolean(),
});

export type ObjectStorage = z.infer<typeof objectStorageSchema>;
