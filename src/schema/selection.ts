// What a query selects below the field being resolved, so that a resolver can read related rows
// in the same statement instead of leaving them to one more statement later (facilities/children.ts).
// Fragments are followed; directives are not evaluated, so a field under @skip still counts as
// selected — reading it anyway costs a little work and changes no answer.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Names of the fields selected at `path` below the resolving field, e.g. ['edges', 'node']. */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = sets.flatMap((set) => fieldsOf(set, info).flatMap((field) => (field.name.value === name && field.selectionSet ? [field.selectionSet] : [])));
  }
  return new Set(sets.flatMap((set) => fieldsOf(set, info).map((field) => field.name.value)));
}

/** Whether a field of this name is selected anywhere below the resolving field. */
export function selectsAnywhere(info: GraphQLResolveInfo, name: string): boolean {
  const search = (sets: SelectionSetNode[]): boolean => {
    const fields = sets.flatMap((set) => fieldsOf(set, info));
    return fields.some((field) => field.name.value === name) || (fields.length > 0 && search(fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []))));
  };
  return search(info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])));
}

function fieldsOf(set: SelectionSetNode, info: GraphQLResolveInfo): FieldNode[] {
  return set.selections.flatMap((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return [selection];
      case Kind.INLINE_FRAGMENT:
        return fieldsOf(selection.selectionSet, info);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = info.fragments[selection.name.value];
        return fragment ? fieldsOf(fragment.selectionSet, info) : [];
      }
    }
  });
}
