/**
 * High-entropy tokens: random-looking strings (generated passwords, API keys of formats nobody
 * listed) that no name or known format gives away.
 *
 * A token is a run of 24 or more characters of the base64/base64url alphabet that mixes upper
 * case, lower case and digits. It counts when its Shannon entropy is at least
 * min(4.3, log2(length) − 0.8) bits per character: 3.78 at 24 characters, 4.2 at 32, 4.3 from
 * 40 on. Measured over 2,000 random strings per length, 99% of random base64 or alphanumeric
 * tokens reach the threshold; the most random-looking strings in this repository's dist/
 * (registry paths, Helm repository URLs, annotation keys: lower case, dots and slashes, 4.0–4.5
 * bits) never qualify as tokens. Hex strings and UUIDs are never tokens, whatever their length:
 * image digests, commit SHAs and checksums are hex, and a hex secret under a credential name is
 * caught by the name.
 */

const TOKEN_ALPHABET = /[A-Za-z0-9+/=_-]{24,}/g;
const HEX = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shannon entropy of the characters of `text`, in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  const characters = [...text];
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export function entropyThreshold(length: number): number {
  return Math.min(4.3, Math.log2(length) - 0.8);
}

/** Whether `text` holds a token that looks randomly generated. */
export function hasHighEntropyToken(text: string): boolean {
  for (const [token] of text.matchAll(TOKEN_ALPHABET)) {
    const core = token.replace(/=+$/, '');
    if (HEX.test(core) || UUID.test(core)) continue;
    if (!/[a-z]/.test(core) || !/[A-Z]/.test(core) || !/[0-9]/.test(core)) continue;
    if (shannonEntropy(core) >= entropyThreshold(core.length)) return true;
  }
  return false;
}
