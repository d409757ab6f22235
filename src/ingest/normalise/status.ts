// Operating status from the partners' words for it.
import type { FacilityStatus } from '../record.js';
import type { Warnings } from './issues.js';
import { foldCase } from './text.js';

const STATUS_WORDS: readonly (readonly [FacilityStatus, RegExp])[] = [
  ['NON_OPERATIONAL', /^(non|not)[ -]?(operational|functional|functioning|active)$|^inactive$|^suspended$|^temporarily closed$|^dormant$/],
  ['CLOSED', /^(permanently )?closed$|^decommissioned$|^shut( down)?$/],
  ['OPERATIONAL', /^(operational|functional|functioning|active|open|working|running)$/],
];

/** Missing status is UNKNOWN without comment; a status word we cannot read is reported. */
export function normaliseStatus(text: string | undefined, field: string, warnings: Warnings): FacilityStatus {
  if (text === undefined) return 'UNKNOWN';
  const word = foldCase(text).replace(/[^a-z -]/g, '').replace(/\s+/g, ' ').trim();
  const status = STATUS_WORDS.find(([, pattern]) => pattern.test(word))?.[0];
  if (status) return status;
  warnings.add('UNKNOWN_STATUS', field, `Status "${text}" is not one of Operational, Non-operational or Closed; recorded as UNKNOWN.`);
  return 'UNKNOWN';
}
