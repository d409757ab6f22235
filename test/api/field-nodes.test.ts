// Finding the fields of a document that answer an error's path (src/schema/field-nodes.ts).
import { parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { fieldNodesAt } from '../../src/schema/field-nodes.js';

const document = parse(`
  query Page {
    facilities { edges { node { ...Row ... on Facility { name } } } }
    other: facilities { totalCount }
  }
  query Second { counties { code } }
  fragment Row on Facility { name contacts { value } }
`);

const at = (path: (string | number)[], operation = 'Page') =>
  fieldNodesAt(document, operation, path).map((field) => [field.name.value, field.loc?.startToken.line]);

describe('the fields on an error path', () => {
  test('follow response keys through lists, fragment spreads and inline fragments', () => {
    expect(at(['facilities', 'edges', 3, 'node', 'contacts', 0, 'value'])).toEqual([['value', 7]]);
  });

  test('are every field merged under the key', () => {
    expect(at(['facilities', 'edges', 0, 'node', 'name'])).toEqual([
      ['name', 7],
      ['name', 3],
    ]);
  });

  test('go by alias, and by the operation named', () => {
    expect(at(['other', 'totalCount'])).toEqual([['totalCount', 4]]);
    expect(at(['counties', 'code'], 'Second')).toEqual([['code', 6]]);
  });

  test('are none when the path leads nowhere', () => {
    expect(at(['facilities', 'missing'])).toEqual([]);
    expect(at(['facilities'], 'Nope')).toEqual([]);
  });
});
