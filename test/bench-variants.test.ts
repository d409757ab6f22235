// The variant-family check (npm run bench:variants) as a specification: every category of
// issue 23 has a family, at least one family is held out, and whatever the text, no record is
// ever placed in a unit that is not its own.
import { describe, expect, it } from 'vitest';
import { VARIANT_FAMILIES } from '../bench/generator/variants.js';
import { evaluateFamily } from '../bench/variants/run.js';

describe('bench:variants', () => {
  it('has a family for every category of partner mess, and holds at least one out', () => {
    const categories = new Set(VARIANT_FAMILIES.map((family) => family.category));
    expect([...categories].sort()).toEqual(['admin_text', 'coordinates', 'cross_source_names', 'encoding', 'phones', 'service_names']);
    expect(VARIANT_FAMILIES.some((family) => family.heldOut)).toBe(true);
  });

  it.each(VARIANT_FAMILIES.map((family) => [family.name, family] as const))('%s: counts stay within the records, and no place is wrong', (_, family) => {
    const figures = evaluateFamily(family, 60, 7);
    expect(figures.wrongPlaces).toBe(0);
    for (const count of [figures.placed, figures.serviced, figures.phones, figures.coordinates]) {
      expect(count).toBeLessThanOrEqual(figures.loaded);
    }
    expect(figures.loaded).toBeLessThanOrEqual(figures.records);
  });

  it('is deterministic for a seed', () => {
    const [family] = VARIANT_FAMILIES;
    expect(evaluateFamily(family, 40, 3)).toEqual(evaluateFamily(family, 40, 3));
  });
});
