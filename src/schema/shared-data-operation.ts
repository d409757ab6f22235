// Which operations read nothing but the geography and its facility counts: the county tree and
// its parts. Their answer is the same for every caller of the same kind until facilities change,
// so a process may keep it (src/shared-answers.ts, ADR 0010).
//
// The test is a list of the fields allowed, not of those refused: a field added to these types
// later is not cached until someone adds it here, having checked the three things every field
// below holds to. It reads the reference data, which is fixed for the life of a process, or the
// area counts, which the FACILITY_CHANGED generation vouches for. Its arguments, if any, come from
// the document or its variables, both part of the cache's key. It depends on the caller only
// through who the caller is: kind, role and county scope.
import {
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

const ANSWERABLE: Readonly<Record<string, ReadonlySet<string>>> = {
  Query: new Set(['counties', 'county', 'constituency', 'ward']),
  County: new Set(['code', 'name', 'facilityCount', 'constituencies']),
  Constituency: new Set(['code', 'name', 'facilityCount', 'county', 'wards']),
  Ward: new Set(['code', 'name', 'facilityCount', 'constituency', 'county']),
};

const verdicts = new WeakMap<DocumentNode, Map<string, boolean>>();

/** Whether the operation is a query that selects only fields answered from shared data. */
export function readsOnlySharedData(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  let byName = verdicts.get(document);
  const known = byName?.get(operationName ?? '');
  if (known !== undefined) return known;
  const verdict = judge(schema, document, operationName);
  if (!byName) verdicts.set(document, (byName = new Map()));
  byName.set(operationName ?? '', verdict);
  return verdict;
}

function judge(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  const query = schema.getQueryType();
  if (operation?.operation !== 'query' || !query) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const answerable = (type: GraphQLObjectType, selections: SelectionSetNode, spreading: ReadonlySet<string>): boolean =>
    selections.selections.every((selection) => {
      switch (selection.kind) {
        case Kind.FIELD: {
          const name = selection.name.value;
          if (name === '__typename') return true;
          if (!ANSWERABLE[type.name]?.has(name)) return false;
          if (!selection.selectionSet) return true;
          const fieldType = getNamedType(type.getFields()[name]?.type);
          return isObjectType(fieldType) && answerable(fieldType, selection.selectionSet, spreading);
        }
        case Kind.INLINE_FRAGMENT: {
          const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
          return on === type && answerable(type, selection.selectionSet, spreading);
        }
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A fragment spreading itself is refused by validation; this only keeps the walk finite.
          if (!fragment || spreading.has(name) || schema.getType(fragment.typeCondition.name.value) !== type) return false;
          return answerable(type, fragment.selectionSet, new Set([...spreading, name]));
        }
      }
    });

  return answerable(query, operation.selectionSet, new Set());
}
