import { z } from 'zod';

/**
 * Overlay values that become something with rules of its own (a Kubernetes name, a URL Argo CD
 * or a controller connects to, a Git revision), checked against those rules so a value Kubernetes,
 * Git or a URL parser would refuse (or silently rewrite) never reaches dist/. Each check reports
 * one problem per value: the first thing wrong and what is expected.
 */

/** What is wrong with a value and what was expected; undefined when the value is fine. */
export type TextProblem = { readonly problem: string; readonly expected: string } | undefined;

/**
 * A string schema whose check reports through zod with `params`, which src/config/zod-problems.ts
 * turns into `field: problem, got X, expected Y`.
 */
export function checkedString(check: (value: string) => TextProblem): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const found = check(value);
    if (found) ctx.addIssue({ code: 'custom', input: value, message: found.expected, params: { problem: found.problem, expected: found.expected } });
  });
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label length: namespaces, Services and most names in Kubernetes. */
export const DNS_LABEL_MAX = 63;
/** RFC 1123 subdomain length: ConfigMaps, Secrets, RuntimeClasses, label-key prefixes. */
export const DNS_SUBDOMAIN_MAX = 253;
/** Longest app name (charts/lib/app/definition-problems.ts); hosts are <app>.<domain>. */
export const APP_NAME_MAX = 40;

function tooLong(value: string, max: number, expected: string): TextProblem {
  return value.length > max ? { problem: `too long (${value.length} characters)`, expected: `${expected} of at most ${max} characters` } : undefined;
}

export function dnsLabelProblem(value: string, what = 'a DNS label (lowercase letters, digits and -)'): TextProblem {
  if (!LABEL.test(value)) return { problem: 'invalid value', expected: what };
  return tooLong(value, DNS_LABEL_MAX, 'a DNS label');
}

/** A DNS-1123 subdomain: dot-separated labels, 253 characters in all. */
export function dnsSubdomainProblem(value: string, what: string): TextProblem {
  const labels = value.split('.');
  if (!labels.every((label) => LABEL.test(label))) return { problem: 'invalid value', expected: what };
  const long = labels.find((label) => label.length > DNS_LABEL_MAX);
  if (long !== undefined) return { problem: `a label is too long (${long.length} characters)`, expected: `labels of at most ${DNS_LABEL_MAX} characters` };
  return tooLong(value, DNS_SUBDOMAIN_MAX, 'a DNS name');
}

/** A DNS domain of at least two labels, e.g. example.com. */
export function dnsDomainProblem(value: string, what: string, max = DNS_SUBDOMAIN_MAX): TextProblem {
  if (!value.includes('.')) return { problem: 'invalid value', expected: what };
  const problem = dnsSubdomainProblem(value, what);
  if (problem) return problem;
  return tooLong(value, max, 'a DNS domain');
}

/** Namespaces, app and team names, keys of records whose names become Kubernetes names. */
export const dnsLabel = checkedString((value) => dnsLabelProblem(value));

export const dnsSubdomain = (what: string) => checkedString((value) => dnsSubdomainProblem(value, what));

export const dnsDomain = (what: string, max?: number) => checkedString((value) => dnsDomainProblem(value, what, max));

/**
 * The environment's base domain: application hosts are <app>.<domain>, so the domain leaves
 * room for the longest app name and its dot within the 253 characters of a DNS name.
 */
export const baseDomain = dnsDomain('a DNS domain such as dev.example.com', DNS_SUBDOMAIN_MAX - APP_NAME_MAX - 1);

export interface UrlRules {
  /** Allowed schemes without the colon, e.g. ['https']. */
  readonly protocols: readonly string[];
  /** What the URL is, for the message: "an https:// URL of the cluster API server". */
  readonly what: string;
  /**
   * Schemes whose URLs may name a user (ssh://git@host/...); a password is never allowed.
   * @default - none
   */
  readonly userFor?: readonly string[];
}

const URL_MAX = 2048;
const HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$|^\d{1,3}(\.\d{1,3}){3}$|^\[[0-9a-f:.]+\]$/;

/**
 * A URL as the consumer reads it: plain ASCII without spaces (a URL parser would silently
 * punycode, drop or percent-encode anything else, so the rendered string and the host reached
 * would differ), a scheme from the list, a host, no password and no fragment.
 */
export function urlProblem(value: string, rules: UrlRules): TextProblem {
  const expected = rules.what;
  if (!/^[\x21-\x7e]+$/.test(value)) return { problem: 'not a plain ASCII URL (spaces and non-ASCII characters are rewritten by URL parsers)', expected };
  if (value.length > URL_MAX) return { problem: `too long (${value.length} characters)`, expected: `${expected} of at most ${URL_MAX} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'invalid URL', expected };
  }
  const protocol = url.protocol.slice(0, -1);
  if (!rules.protocols.includes(protocol)) return { problem: `scheme ${protocol}: is not allowed`, expected };
  if (url.hostname === '' || !HOST.test(url.hostname)) return { problem: 'invalid host', expected };
  if (url.password !== '' || (url.username !== '' && !(rules.userFor ?? []).includes(protocol))) {
    return { problem: 'credentials in the URL', expected: `${expected}, without user:password@ (credentials come from Vault)` };
  }
  if (url.hash !== '') return { problem: 'a #fragment is not allowed', expected };
  return undefined;
}

export const url = (rules: UrlRules) => checkedString((value) => urlProblem(value, rules));

export const httpsUrl = (what: string) => url({ protocols: ['https'], what });

/**
 * A Git revision Argo CD can follow: a branch, tag or commit, by the rules of
 * `git check-ref-format` (no spaces or ~^:?*[\, no "..", "@{" or "//", no leading "-" or "/",
 * no trailing "/", "." or ".lock").
 */
export function gitRevisionProblem(value: string): TextProblem {
  const expected = 'a branch, tag or commit such as main, v1.4.2 or a commit SHA';
  if (value.length === 0) return { problem: 'empty', expected };
  if (value.length > 255) return { problem: `too long (${value.length} characters)`, expected: `${expected}, at most 255 characters` };
  const broken =
    /[\x00-\x20\x7f~^:?*[\\]/.test(value) ||
    /\.\.|@\{|\/\/|\/\./.test(value) ||
    /^[-/.]|[/.]$|\.lock$|\.lock\//.test(value) ||
    value === '@';
  return broken ? { problem: 'not a valid Git ref name', expected } : undefined;
}

export const gitRevision = checkedString(gitRevisionProblem);
