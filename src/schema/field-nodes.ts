// Where in the request an error belongs. GraphQL's own executor gives every field error the
// locations of the fields it came from; the compiled executor (src/compiled-queries.ts) gives
// only the path. The path is enough to find the fields again in the document.
import { getOperationAST, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The fields of the operation that answer `path` (response keys, list indices skipped): every
 * field the response key merges, through inline fragments and fragment spreads, as GraphQL
 * reports them. Empty when the path leads nowhere in the document.
 */
export function fieldNodesAt(document: DocumentNode, operationName: string | null | undefined, path: readonly (string | number)[]): FieldNode[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let found: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    found = sets.flatMap((set) => fieldsAnswering(key, set, fragments, new Set()));
    sets = found.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return found;
}

function fieldsAnswering(
  key: string,
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  spread: Set<string>,
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === key) fields.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...fieldsAnswering(key, selection.selectionSet, fragments, spread));
    } else {
      // Validation forbids fragment cycles; the set only keeps one spread from being walked twice.
      const fragment = fragments.get(selection.name.value);
      if (!fragment || spread.has(fragment.name.value)) continue;
      spread.add(fragment.name.value);
      fields.push(...fieldsAnswering(key, fragment.selectionSet, fragments, spread));
    }
  }
  return fields;
}
