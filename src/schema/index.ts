// The GraphQL schema: each domain file adds its types and fields to the builder when imported;
// the access rules (permissions.ts) are then laid over every field of the built schema.
import { builder } from './builder.js';
import './geography.js';
import './service.js';
import './import-run.js';
import './facility.js';
import './facility-edit.js';
import './import.js';
import './duplicate.js';
import './steward.js';
import './auth.js';
import './audit.js';
import { guardSchema } from './permissions.js';

/** The schema as the domain files define it, before any access rule: for tests of the rules. */
export const unguardedSchema = builder.toSchema();

export const schema = guardSchema(unguardedSchema);
