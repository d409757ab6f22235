// `gbv_support_organizations`: support organisations under `data` (SOURCES.md §7). Location is
// only a county and a town (the town is not a constituency: the record does not determine
// one), contacts a typed list; no coordinates.
import type { County, Geography } from '../geo.js';
import { countyText, nameVariant } from '../mess.js';
import { COMMUNITY_NOISE } from '../services.js';
import {
  Facts,
  emailText,
  noteEmail,
  publicPhones,
  serviceWords,
  statedServices,
  type KindRenderer,
} from './common.js';

/**
 * The county town, named so it never equals a constituency ("Makueni" is one, so is
 * "Nyeri Town"): the truth says such records do not determine a constituency.
 */
function townOf(geo: Geography, county: County): string {
  const taken = (name: string): boolean => geo.constituencies.some((c) => c.name.toLowerCase() === name.toLowerCase());
  return [county.name, `${county.name} Town`, `${county.name} CBD`].find((t) => !taken(t)) ?? `${county.name} CBD`;
}

export const gbvSupport: KindRenderer = {
  nameField: 'name',
  render(input) {
    const { rng, mess, entity: e, role, foreign } = input;
    const facts = new Facts();
    facts.coordIssue = 'missing';
    const rec: Record<string, unknown> = { name: nameVariant(rng, mess, e, role === 'bad' ? 'home' : role) };
    if (e.registrationNumber && !rng.chance(0.1 + mess.gaps * 0.5)) rec.registration_number = e.registrationNumber;
    if (foreign) rec.location = { county: foreign.county, town: foreign.sub };
    else {
      facts.countyCode = e.ward.county.code;
      rec.location = { county: countyText(rng, mess, e.ward.county), town: townOf(input.geo, e.ward.county) };
    }
    rec.services = serviceWords(input, facts, statedServices(input), COMMUNITY_NOISE);
    const contacts: Array<{ type: string; value: string }> = publicPhones(input, facts).map((value) => ({ type: 'phone', value }));
    if (e.hotline && rng.chance(0.6)) {
      contacts.push({ type: 'hotline', value: e.hotline });
      facts.shortCodes.add(e.hotline);
    }
    if (e.email && rng.chance(0.8)) {
      contacts.push({ type: 'email', value: emailText(rng, mess, e.email) });
      noteEmail(facts, e.email);
    }
    if (e.website && rng.chance(0.5)) contacts.push({ type: 'website', value: e.website });
    rec.contacts = contacts;
    return { record: rec, facts };
  },
};
