// `other_services`: a flat list of providers (SOURCES.md §2). One free-text `contact` holds the
// phones and e-mails; `service_type` words one or two services; coordinates are loose strings.
import { constituencyText, countyText, nameVariant } from '../mess.js';
import { COMMUNITY_NOISE, type ServiceKey } from '../services.js';
import { HOURS } from '../vocabulary.js';
import {
  Facts,
  addressText,
  drawCoords,
  emailText,
  noteEmail,
  publicPhones,
  serviceWords,
  statedServices,
  type KindRenderer,
  type RenderInput,
} from './common.js';

function serviceType(input: RenderInput, facts: Facts): string {
  const { rng } = input;
  // A short field: one or two services, and no off-taxonomy extras.
  const keys: ServiceKey[] = statedServices(input, 2);
  const words = serviceWords({ ...input, mess: { ...input.mess, level: 'clean' } }, facts, keys, COMMUNITY_NOISE);
  return words.join(rng.pick([', ', ' / ', ' and ']));
}

function contact(input: RenderInput, facts: Facts): string {
  const { rng, mess, entity } = input;
  if (rng.chance(mess.gaps)) return '';
  const parts = publicPhones(input, facts, { both: rng.chance(0.25) });
  if (entity.hotline && entity.kind !== 'police_station' && rng.chance(0.3)) {
    parts.push(entity.hotline);
    facts.shortCodes.add(entity.hotline);
  }
  if (entity.email && rng.chance(0.5)) {
    parts.push(emailText(rng, mess, entity.email).trim());
    noteEmail(facts, entity.email);
  }
  return parts.join(rng.pick([' / ', '; ', ', ', '/']));
}

export const otherServices: KindRenderer = {
  nameField: 'facility_name',
  render(input) {
    const { rng, mess, entity: e, role, foreign } = input;
    const facts = new Facts();
    const rec: Record<string, unknown> = { facility_name: nameVariant(rng, mess, e, role === 'bad' ? 'home' : role) };
    rec.service_type = serviceType(input, facts);
    rec.contact = contact(input, facts);
    if (foreign) {
      rec.county = foreign.county;
      rec.sub_county = foreign.sub;
    } else {
      rec.county = countyText(rng, mess, e.ward.county);
      facts.countyCode = e.ward.county.code;
      if (!rng.chance(0.05 + mess.gaps * 0.5)) {
        const con = constituencyText(rng, mess, e.ward.constituency);
        rec.sub_county = con.text;
        facts.constituencyCode = con.code;
      }
    }
    rec.location = rng.chance(mess.gaps) ? '' : addressText(rng, rng.chance(0.25));
    rec.hours = rng.pick(HOURS);
    const c = drawCoords(rng, mess, { ok: 0.05, string: 0.25, missing: 0.6, zero: 0.07, swapped: 0.015, outside: 0.015 }, e, facts);
    if (c.issue === 'missing') {
      if (rng.chance(0.4)) {
        rec.latitude = '';
        rec.longitude = '';
      }
    } else {
      rec.latitude = c.lat;
      rec.longitude = c.lng;
    }
    return { record: rec, facts };
  },
};
