// The validation boundary: an untyped raw record in, a typed draft or the reasons to reject it out.
import type { z } from 'zod';
import { SOURCE_ADAPTERS } from '../extract/adapters.js';
import type { RawRecord, RecordIssue, SourceKind } from '../record.js';
import type { FacilityDraft } from './draft.js';
import { describeValue } from './describe-value.js';
import { isPlaceholder } from './fields.js';
import { toWrongTypeIssues } from './issues.js';
import { categorisedOrganisationRecord } from './kinds/categorised-organisation.js';
import { equityAfyaRecord } from './kinds/equity-afya.js';
import { gbvSupportOrganizationRecord } from './kinds/gbv-support-organization.js';
import { kpsStationRecord } from './kinds/kps-stations.js';
import { otherServicesRecord } from './kinds/other-services.js';
import { regionalRecord } from './kinds/regional.js';

/** The `field` of an issue about the record as a whole rather than one of its fields. */
export const WHOLE_RECORD = '(whole record)';

export type ValidationResult = { ok: true; draft: FacilityDraft } | { ok: false; issues: RecordIssue[] };

interface KindValidator {
  schema: z.ZodType<FacilityDraft, unknown>;
  /** The field holding the record's name in this kind. */
  nameField: string;
}

const VALIDATORS: Record<SourceKind, KindValidator> = {
  regional: { schema: regionalRecord, nameField: 'name' },
  other_services: { schema: otherServicesRecord, nameField: 'facility_name' },
  kps_stations: { schema: kpsStationRecord, nameField: 'station_name' },
  category_A: { schema: categorisedOrganisationRecord, nameField: 'organization_name' },
  category_B: { schema: categorisedOrganisationRecord, nameField: 'organization_name' },
  equity_afya: { schema: equityAfyaRecord, nameField: 'facility_name' },
  gbv_support_organizations: { schema: gbvSupportOrganizationRecord, nameField: 'name' },
};

export function validateRecord(raw: RawRecord): ValidationResult {
  const origin = { fileName: raw.fileName, pointer: raw.pointer };
  const noun = SOURCE_ADAPTERS[raw.kind].recordNoun;
  if (!isPlainObject(raw.payload)) {
    return {
      ok: false,
      issues: [
        {
          code: 'WRONG_TYPE',
          severity: 'ERROR',
          message: `Expected a ${noun} object here but found ${describeValue(raw.payload)}. Replace it with an object holding the ${noun}'s fields.`,
          field: WHOLE_RECORD,
          ...origin,
        },
      ],
    };
  }

  const { schema, nameField } = VALIDATORS[raw.kind];
  // Records inherit their parents' fields (county, sub-county, ...); their own fields win.
  const input = { ...raw.context, ...raw.payload };
  const issues: RecordIssue[] = [];
  // Checked first, before any stage reads the text: a 50 MB name costs every later stage (and
  // an index entry) far more than it could be worth.
  const overlong = overlongText(input, nameField);
  if (overlong) {
    return {
      ok: false,
      issues: [{
        code: 'VALUE_TOO_LONG',
        severity: 'ERROR',
        message: `"${overlong.field}" holds ${overlong.length.toLocaleString('en')} characters; at most ${overlong.limit.toLocaleString('en')} are accepted. Shorten it.`,
        field: overlong.field,
        ...origin,
      }],
    };
  }
  if (isMissingName(input[nameField])) {
    issues.push({
      code: 'MISSING_NAME',
      severity: 'ERROR',
      message: `The ${noun} has no name: "${nameField}" is missing or empty. Add its name; a record without one cannot be listed.`,
      field: nameField,
      ...origin,
    });
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) issues.push(...toWrongTypeIssues(parsed.error, input, origin));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, draft: parsed.data };
}

function isMissingName(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return isPlaceholder(value);
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The longest name a record may have, and the longest text anywhere in it. */
export const MAX_NAME_LENGTH = 500;
export const MAX_TEXT_LENGTH = 10_000;

/**
 * The first text longer than its limit, searched without recursion (a record may be nested
 * 100,000 deep) and naming its field by path.
 */
function overlongText(input: Record<string, unknown>, nameField: string): { field: string; length: number; limit: number } | undefined {
  const name = input[nameField];
  if (typeof name === 'string' && name.length > MAX_NAME_LENGTH) return { field: nameField, length: name.length, limit: MAX_NAME_LENGTH };
  const pending: { value: unknown; path: string }[] = Object.entries(input).map(([key, value]) => ({ value, path: key }));
  while (pending.length) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.length > MAX_TEXT_LENGTH) return { field: path, length: value.length, limit: MAX_TEXT_LENGTH };
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push({ value: value[i], path: `${path}/${i}` });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) pending.push({ value: member, path: `${path}/${key}` });
    }
  }
  return undefined;
}
