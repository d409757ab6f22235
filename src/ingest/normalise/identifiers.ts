// External identifiers in one spelling, so that the same code matches across files.
import type { ExternalIdentifiers } from '../record.js';
import { cleanText } from './text.js';

export function normaliseIdentifiers(identifiers: ExternalIdentifiers): ExternalIdentifiers {
  const normalised: ExternalIdentifiers = {};
  // MFL codes are numbers; some partners send them as JSON numbers, some as text, some padded.
  if (identifiers.mflCode) normalised.mflCode = cleanText(identifiers.mflCode).replace(/\s+/g, '').replace(/^0+(?=\d)/, '');
  if (identifiers.stationCode) normalised.stationCode = compactCode(identifiers.stationCode);
  if (identifiers.branchCode) normalised.branchCode = compactCode(identifiers.branchCode);
  if (identifiers.registrationNumber) normalised.registrationNumber = compactCode(identifiers.registrationNumber);
  return normalised;
}

function compactCode(code: string): string {
  return cleanText(code).replace(/\s+/g, '').toUpperCase();
}
