// What an operation will cost to answer, with the page sizes it will actually use.
//
// graphql-armor's cost limit runs during validation, which Yoga caches per query text, so it
// cannot see variables: `facilities(first: $n)` counts as one row whatever `$n` is, and so does
// `facilities` with no page size at all (the server then serves DEFAULT_PAGE_SIZE rows). A
// caller could therefore nest pages of 100 inside pages of 100 by passing the sizes as
// variables. This estimate uses armor's formula (see the constants below) but reads `first` and
// `last` from the literal, the variable or the variable's default, and charges the default page
// size when a paginated field is given neither. It runs once per request, just before execution.
import {
  getNamedType,
  getNullableType,
  isListType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** graphql-armor's defaults, so one limit means the same at validation and here. */
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_COST_FACTOR = 1.5;

export interface CostOptions {
  /** Rows a paginated field returns when given neither `first` nor `last`. */
  defaultPageSize: number;
  /** The largest page the server serves; a larger request fails on its own, so it is capped here. */
  maxPageSize: number;
  /** What a list without pagination (a county's constituencies, a facility's services) is charged as. */
  unpagedListSize: number;
}

/**
 * The estimated cost of `operation`: every scalar costs 1, every object 2 plus 1.5 × its
 * selections, multiplied by the page size of a paginated field. Fragments count as part of the
 * selection they are spread into. Introspection fields (`__schema`, `__type`) cost nothing, as in
 * armor: their answer is bounded by the size of the schema.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  options: CostOptions,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }

  /** The page size a `first`/`last` argument asks for, when it is an integer we can read. */
  function pageSizeOf(value: ValueNode): number | undefined {
    if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
    if (value.kind === Kind.VARIABLE) {
      const given = variables?.[value.name.value];
      if (typeof given === 'number' && Number.isInteger(given)) return given;
      const fallback = defaults.get(value.name.value);
      if (given === undefined && fallback) return pageSizeOf(fallback);
    }
    return undefined;
  }

  function multiplier(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[]): number {
    if (!field.args.some((a) => a.name === 'first' || a.name === 'last')) {
      if (!isListType(getNullableType(field.type)) || isConnection(parent)) return 1;
      const keys = args.find((a) => field.args.some((d) => d.name === a.name.value && isListType(getNullableType(d.type))));
      const looked = keys ? listLength(keys.value) : undefined;
      return looked ?? options.unpagedListSize;
    }
    const sizes = args.filter((a) => a.name.value === 'first' || a.name.value === 'last').map((a) => pageSizeOf(a.value) ?? options.defaultPageSize);
    const size = sizes.length ? Math.max(...sizes) : options.defaultPageSize;
    return Math.min(Math.max(size, 0), options.maxPageSize);
  }

  // A fragment costs the same wherever it is spread (the multiplier is applied outside), so each
  // is costed once: spreading a fragment that spreads another twice, and so on, must not make
  // this estimate exponential in the length of the query.
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  function fragmentCost(name: string, parent: GraphQLCompositeType): number {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // Validation has refused unknown fragments and cycles already; this only keeps the function total.
    if (!fragment || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = selectionCost(asComposite(schema.getType(fragment.typeCondition.name.value)) ?? parent, fragment.selectionSet);
    inProgress.delete(name);
    fragmentCosts.set(name, cost);
    return cost;
  }

  /** How many keys a list argument (`nodes(ids: …)`) holds: one item comes back per key. */
  function listLength(value: ValueNode): number | undefined {
    if (value.kind === Kind.LIST) return value.values.length;
    if (value.kind === Kind.VARIABLE) {
      const given = variables?.[value.name.value];
      if (Array.isArray(given)) return given.length;
    }
    return undefined;
  }

  function selectionCost(parent: GraphQLCompositeType, selectionSet: SelectionSetNode): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fieldOf(parent, selection.name.value);
        if (!field) continue;
        const child = asComposite(getNamedType(field.type));
        if (!selection.selectionSet || !child) {
          cost += SCALAR_COST;
          continue;
        }
        const inner = selectionCost(child, selection.selectionSet);
        cost += (OBJECT_COST + DEPTH_COST_FACTOR * inner) * multiplier(parent, field, selection.arguments ?? []);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? asComposite(schema.getType(selection.typeCondition.name.value)) : parent;
        cost += selectionCost(typed ?? parent, selection.selectionSet);
      } else {
        cost += fragmentCost(selection.name.value, parent);
      }
    }
    return cost;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(root, operation.selectionSet) : 0;
}

/** A Relay connection: its `edges` list is the page, already charged where the connection was asked for. */
function isConnection(type: GraphQLCompositeType): boolean {
  return !isUnionType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

function asComposite(type: unknown): GraphQLCompositeType | undefined {
  return isObjectType(type) || isInterfaceType(type) || isUnionType(type) ? type : undefined;
}

/** The field on an object or interface; a union's only field is `__typename`, which costs nothing. */
function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isUnionType(parent) ? undefined : parent.getFields()[name];
}
