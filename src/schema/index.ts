// The GraphQL schema: each domain file adds its types and fields to the builder when imported.
import { builder } from './builder.js';
import './geography.js';
import './service.js';
import './import-run.js';
import './facility.js';
import './import.js';
import './duplicate.js';

export const schema = builder.toSchema();
