// The execution-time cost estimate: armor's formula, with the page sizes a request will really
// use — from literals, variables, variable defaults or the server default — and unpaginated
// lists charged as several items.
import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost } from '../../src/http/query-cost.js';
import { schema } from '../../src/schema/index.js';

const pages = { defaultPageSize: 20, maxPageSize: 100, unpagedListSize: 5 };

function cost(query: string, variables?: Record<string, unknown>): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return operationCost(schema, document, operation, variables, pages);
}

describe('operation cost', () => {
  it('charges a page by the size asked for, whether literal, a variable or a variable default', () => {
    const literal = cost('{ facilities(first: 50) { edges { node { code } } } }');
    expect(cost('query($n: Int) { facilities(first: $n) { edges { node { code } } } }', { n: 50 })).toBe(literal);
    expect(cost('query($n: Int = 50) { facilities(first: $n) { edges { node { code } } } }')).toBe(literal);
    expect(cost('query($n: Int) { facilities(last: $n) { edges { node { code } } } }', { n: 50 })).toBe(literal);
  });

  it('charges the default page when neither first nor last is given, and at most the largest page', () => {
    expect(cost('{ facilities { edges { node { code } } } }')).toBe(cost('{ facilities(first: 20) { edges { node { code } } } }'));
    expect(cost('{ facilities(first: 5000) { edges { node { code } } } }')).toBe(cost('{ facilities(first: 100) { edges { node { code } } } }'));
  });

  it('follows armor: scalars 1, objects 2 plus 1.5 × their selection', () => {
    // county: 2 + 1.5 × (code 1 + name 1) = 5
    expect(cost('{ county(code: "047") { code name } }')).toBe(5);
    // facilities × 10: (2 + 1.5 × (totalCount 1 + edges (2 + 1.5 × node (2 + 1.5 × code 1)))) × 10
    expect(cost('{ facilities(first: 10) { totalCount edges { node { code } } } }')).toBe((2 + 1.5 * (1 + (2 + 1.5 * (2 + 1.5 * 1)))) * 10);
  });

  it('charges an unpaginated list as several items, but not a connection\'s edges twice', () => {
    expect(cost('{ county(code: "047") { constituencies { code } } }')).toBe(2 + 1.5 * ((2 + 1.5) * 5));
  });

  it('charges a list looked up by keys by the number of keys', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `id${i}`);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toBe((2 + 1.5) * 40);
  });

  it('counts a fragment where it is spread, once per spread', () => {
    const inline = cost('{ facilities(first: 10) { edges { node { code name } } } }');
    expect(cost('{ facilities(first: 10) { edges { node { ...F } } } } fragment F on Facility { code name }')).toBe(inline);
    expect(cost('{ facilities(first: 10) { edges { node { ... on Facility { code name } } } } }')).toBe(inline);
  });

  it('stays quick on fragments that spread each other many times over', () => {
    const levels = 60;
    const fragments = Array.from({ length: levels }, (_, i) => (i === levels - 1 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`));
    const started = performance.now();
    cost(`{ ...F0 } ${fragments.join(' ')}`);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
