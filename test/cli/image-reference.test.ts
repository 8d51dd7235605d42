import { describe, expect, it } from 'vitest';
import { parseDigest, parseImageReference } from '../../src/cli/lib/image-reference';

const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('image references', () => {
  it('accepts <repository>@sha256:<64 hex>, also with a registry port', () => {
    expect(parseImageReference(`registry.example.com/storefront/web@${DIGEST}`)).toEqual({ repository: 'registry.example.com/storefront/web', digest: DIGEST });
    expect(parseImageReference(`registry.example.com:5000/team/app@${DIGEST}`)).toEqual({ repository: 'registry.example.com:5000/team/app', digest: DIGEST });
  });

  it('fails when the image carries a tag, latest, or a tag and a digest', () => {
    expect(() => parseImageReference('registry.example.com/storefront/web:1.4.2')).toThrow("image 'registry.example.com/storefront/web:1.4.2': '1.4.2' is a tag; images are pinned by digest, expected <repository>@sha256:<64 lowercase hex>");
    expect(() => parseImageReference('registry.example.com/storefront/web:latest')).toThrow('`latest` is a moving tag; images are pinned by digest');
    expect(() => parseImageReference(`registry.example.com/storefront/web:1.4.2@${DIGEST}`)).toThrow("'1.4.2' is a tag");
  });

  it('fails when the digest is missing or malformed', () => {
    expect(() => parseImageReference('registry.example.com/storefront/web')).toThrow("image 'registry.example.com/storefront/web' has no digest");
    expect(() => parseImageReference('registry.example.com/storefront/web@sha256:abc')).toThrow("malformed digest 'sha256:abc', expected sha256: followed by 64 lowercase hex characters");
    expect(() => parseImageReference(`registry.example.com/storefront/web@sha256:${'C'.repeat(64)}`)).toThrow('malformed digest');
    expect(() => parseImageReference(`Registry.Example.com/web@${DIGEST}`)).toThrow("repository 'Registry.Example.com/web' is not valid");
  });

  it('fails when a digest argument is a tag', () => {
    expect(parseDigest(DIGEST)).toBe(DIGEST);
    expect(() => parseDigest('1.4.2')).toThrow("'1.4.2' looks like a tag, not a digest; expected sha256:<64 lowercase hex>");
    expect(() => parseDigest('latest')).toThrow('`latest` is a moving tag, not a digest');
    expect(() => parseDigest('md5:abc')).toThrow("malformed digest 'md5:abc'");
  });
});
