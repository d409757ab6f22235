// Queries run as compiled JavaScript (graphql-jit) instead of through GraphQL's interpreter.
//
// A facility page resolves some two thousand fields; interpreted, walking them cost more CPU
// than everything else in the request together (ADR 0009 has the measurements). graphql-jit
// compiles each query document once, on first use, and keeps it with the parsed document, so
// the documents Yoga's parser cache keeps are the ones kept compiled.
//
// Only queries are compiled, and only when their variables are valid. Mutations are few and
// carry the imports, where the interpreter's exact behaviour matters more than its speed;
// subscriptions stream through Yoga's own machinery. Invalid variables go to the interpreter
// so that the caller gets GraphQL's own message (the compiled coercion drops a scalar's
// explanation, "DateTime must be an ISO 8601 string"). Compiled field errors carry a path but no
// locations; src/yoga.ts adds those back (schema/field-nodes.ts).
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, getVariableValues, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';

export function useCompiledQueries(logger: Logger): Plugin {
  return useGraphQlJit(
    {},
    {
      enableIf: compilable,
      // A document that validated but does not compile is a gap in graphql-jit, not the caller's
      // mistake: it is logged, and the caller gets the compiler's errors (not a silent fallback
      // that would hide the gap).
      onError: (result) => logger.error({ errors: result.errors?.map((e) => e.message) }, 'a query did not compile'),
    },
  ) as Plugin;
}

function compilable(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'query') return false;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  return !coerced.errors;
}
