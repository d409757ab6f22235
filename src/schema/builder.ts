// The schema builder and its type parameters; domain files under src/schema add the types.
//
// The Prisma plugin takes its client from the context: the database (PostgreSQL or the embedded
// PGlite) is chosen at run time and tests open many, so no client exists when this module loads.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { Kind } from 'graphql';
import type { Context } from '../context.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { badUserInput } from './errors.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    /** A multipart upload (GraphQL multipart request spec), handled by Yoga. */
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  // Fields are non-null unless they say otherwise: partners' generated types then tell a value
  // that is always present from one that may be missing. Fields that can fail on bad input
  // (lookups, lists) are nullable, so an error empties that field and not the whole response, and
  // so is every field that some caller who reaches its object may be refused (permissions.ts):
  // a refusal then nulls that field, never the facility or the page around it.
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    // The `///` comments of prisma/schema.prisma become descriptions of exposed fields.
    exposeDescriptions: true,
  },
  relay: {
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // Every root field is nullable: one the caller may not read is null with its own error, and
    // the other root fields of the request are still answered (test/security-api/refused-fields.test.ts).
    nodesQueryOptions: { nullable: { list: true, items: true } },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('File', {
  description: 'A file sent as a part of a multipart request.',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});

/** ISO 8601 instants, always UTC on the way out. */
builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO 8601 string (`2025-09-01T08:30:00.000Z`).',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * Years 1 to 9999 only: JavaScript reads expanded years up to 275760 (`+275760-09-13T00:00:00Z`),
 * which neither ISO 8601's basic form nor the database's driver write back, so such an instant
 * failed deep in a query instead of here.
 */
function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw badUserInput('DateTime must be an ISO 8601 string such as 2025-09-01T08:30:00Z, in the years 0001 to 9999');
  }
  return date;
}
