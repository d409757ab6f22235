// What validation makes of a record of any kind: typed, in one shape for all seven kinds, but
// with values still as the partner wrote them. Normalise turns it into canonical values.
import type { GeographyInput } from '../geography/types.js';
import type { ExternalIdentifiers } from '../record.js';
import type { ServiceKey } from '../services/taxonomy.js';

/** What a contact value is said to be; `any` is free text that may hold phones and e-mails. */
export type ContactChannel = 'phone' | 'hotline' | 'email' | 'website' | 'any';

export interface ContactInput {
  /** The source field it came from (`contacts.alt_phone`, `contact`), for issues. */
  field: string;
  channel: ContactChannel;
  text: string;
}

export type PersonRole = 'officer_commanding' | 'focal_person';

export interface PersonInput {
  role: PersonRole;
  field: string;
  name?: string;
  phone?: string;
  email?: string;
}

/** A coordinate pair as sent, in the order the source declares. */
export interface RawCoordinates {
  field: string;
  order: 'lat,lng' | 'lng,lat';
  first: string | number | undefined;
  second: string | number | undefined;
  /** Set when the value is not a pair at all, as written. */
  malformed?: string;
  /** The pair written as one text (`1°17'S 36°49'E`, `-1,29; 36,82`), read by the normalise stage. */
  text?: string;
}

/** A service as the partner names it; one mention may join several ("Legal advice, Counselling"). */
export type ServiceMention = string;

export interface FacilityDraft {
  name: string;
  identifiers: ExternalIdentifiers;
  /** The partner's own type text (facility_type, service_type). */
  typeText?: string;
  ownership?: string;
  statusText?: string;
  services: ServiceMention[];
  /** The source field the services were named in, when not `services`. */
  servicesField?: string;
  /** Services stated by a field rather than by name (kps `gender_desk: true`). */
  statedServices: ServiceKey[];
  contacts: ContactInput[];
  persons: PersonInput[];
  coordinates?: RawCoordinates;
  address?: string;
  openingHours?: string;
  place: GeographyInput;
}
