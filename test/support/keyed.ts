// The keyed digest record keys are made with in tests: the same key the test imports use.
import { keyedDigestWith } from '../../src/ingest/normalise/identity.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';

export const testKeyed = keyedDigestWith(createPersonalDataCipher(Buffer.alloc(32, 7)));
