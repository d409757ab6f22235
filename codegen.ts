// GraphQL Code Generator (npm run codegen): prints the schema the code defines to schema.graphql
// (committed: the contract partners read, reviewed as a diff) and types the operations the API
// tests send (test/api/operations/*.graphql → test/api/generated/graphql.ts).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema/index.js';

const config: CodegenConfig = {
  // The SDL itself, printed from the built schema: no second definition to drift from the code.
  schema: printSchema(schema),
  documents: 'test/api/operations/*.graphql',
  generates: {
    'schema.graphql': { plugins: ['schema-ast'] },
    'test/api/generated/graphql.ts': {
      // typescript-operations 6 emits the enum and input types operations use on its own; adding
      // the `typescript` plugin as well would declare them twice.
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
