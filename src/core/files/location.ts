import { isIP } from 'node:net';
import { z } from 'zod';

/** An S3-compatible bucket, as PORTICO_FILES_URL names it. */
export interface S3Location {
  readonly kind: 's3';
  /** `https://host[:port]`, without credentials. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** `path`: https://host/bucket/key (MinIO, Ceph, Garage); `virtual`: https://bucket.host/key (AWS, R2). */
  readonly style: 'path' | 'virtual';
  readonly accessKeyId: string;
  /** Not enumerable, so that logging or serializing the configuration never shows it. */
  readonly secretAccessKey: string;
}

/** Where attachments and kept mail live: the data directory (the default) or an S3-compatible bucket. */
export type FilesLocation = { readonly kind: 'data-dir' } | S3Location;

const shape = 's3://ACCESS_KEY:SECRET@host[:port]/bucket?region=eu-west-1&tls=true&style=path';
const options = new Set(['region', 'tls', 'style']);
// The bucket naming rules of AWS S3, which the other implementations accept too.
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

// Messages never repeat the value: it holds the secret.
function parseS3Url(value: string): S3Location | string {
  if (!URL.canParse(value) || !value.startsWith('s3://')) return `must look like ${shape}`;
  const url = new URL(value);
  const accessKeyId = decoded(url.username);
  const secretAccessKey = decoded(url.password);
  if (!accessKeyId || !secretAccessKey) {
    return `needs the access key and secret before the host (${shape}), each URL-encoded`;
  }
  if (!url.hostname) return `needs a host (${shape})`;
  const bucket = url.pathname.replace(/^\/|\/$/g, '');
  if (!bucketName.test(bucket)) {
    return 'needs a bucket name as its path: 3–63 lowercase letters, digits, dots and hyphens (s3://…@host/bucket)';
  }
  for (const name of url.searchParams.keys()) {
    if (!options.has(name)) return `has an unknown option "${name}" (known: region, tls, style)`;
  }
  const tls = url.searchParams.get('tls') ?? 'true';
  if (tls !== 'true' && tls !== 'false') return 'tls must be true or false';
  const style = url.searchParams.get('style') ?? 'path';
  if (style !== 'path' && style !== 'virtual') return 'style must be path or virtual';
  if (style === 'virtual' && isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
    return 'style=virtual needs a host name (bucket.host), not an IP address; use style=path';
  }
  const region = url.searchParams.get('region') || 'us-east-1';
  const location: Omit<S3Location, 'secretAccessKey'> = {
    kind: 's3',
    endpoint: `${tls === 'true' ? 'https' : 'http'}://${url.host}`,
    bucket,
    region,
    style: style === 'virtual' ? 'virtual' : 'path',
    accessKeyId,
  };
  return Object.defineProperty(location, 'secretAccessKey', {
    value: secretAccessKey,
    enumerable: false,
  }) as S3Location;
}

/**
 * PORTICO_FILES_URL: unset (null) for the data directory, or an `s3://` URL for a bucket.
 * @example
 * filesLocationSchema.parse('s3://AKIA:s3cr%2Fet@s3.eu-west-1.amazonaws.com/portico?region=eu-west-1&style=virtual');
 */
export const filesLocationSchema = z
  .string()
  .nullable()
  .transform((value, context): FilesLocation => {
    if (value === null) return { kind: 'data-dir' };
    const parsed = parseS3Url(value);
    if (typeof parsed !== 'string') return parsed;
    context.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  });
