import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/check/rules/registry';
import { compliantEnvironment } from '../support/compliant-app';
import { runFixture } from '../support/dist-fixture';

describe('the compliant fixture environment', () => {
  it.each([true, false])('passes every rule (production: %s)', (production) => {
    const { findings } = runFixture(compliantEnvironment(), RULES, { production });
    expect(findings.map((f) => `${f.rule} ${f.file}: ${f.message}`)).toEqual([]);
  });
});
