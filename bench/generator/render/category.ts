// `category_A` / `category_B`: categorised organisations (SOURCES.md §4-5). Services are strings
// or {name, available} (only available ones count); location is "County, Constituency[, Ward]"
// text or an object like equity_afya's; the focal person is personal data.
import { constituencyText, countyText, locationLine, nameVariant, wardText } from '../mess.js';
import { COMMUNITY_NOISE, HEALTH_NOISE, unofferedKeys, WORDINGS } from '../services.js';
import {
  Facts,
  addressText,
  drawCoords,
  emailText,
  noteEmail,
  person,
  phoneText,
  publicPhones,
  serviceWords,
  statedServices,
  type KindRenderer,
  type RenderInput,
} from './common.js';

function services(input: RenderInput, facts: Facts): unknown[] {
  const { rng, entity } = input;
  const noise = entity.kind === 'health_facility' || entity.kind === 'clinic_network_branch' ? HEALTH_NOISE : COMMUNITY_NOISE;
  const words = serviceWords(input, facts, statedServices(input), noise);
  if (rng.chance(0.5)) return words;
  const listed: Array<{ name: string; available: boolean }> = words.map((name) => ({ name, available: true }));
  // Services the organisation does not offer, listed as unavailable: they must not count.
  for (const key of rng.sample(unofferedKeys(entity.services), rng.int(0, 3))) {
    listed.push({ name: rng.pick(WORDINGS[key]), available: false });
  }
  return rng.shuffle(listed);
}

function location(input: RenderInput, facts: Facts): unknown {
  const { rng, mess, entity: e, foreign } = input;
  if (foreign) {
    if (rng.chance(0.5)) return `${foreign.county}, ${foreign.sub}`;
    return { county: foreign.county, constituency: foreign.sub, address: addressText(rng, true) };
  }
  const county = countyText(rng, mess, e.ward.county);
  const con = constituencyText(rng, mess, e.ward.constituency);
  facts.countyCode = e.ward.county.code;
  facts.constituencyCode = con.code;
  const withWard = rng.chance(0.75);
  if (withWard) facts.wardCode = e.ward.code;
  if (rng.chance(0.55)) {
    const parts = [county, con.text];
    if (withWard) parts.push(wardText(rng, mess, e.ward));
    facts.coordIssue = 'missing';
    return locationLine(parts, rng, mess);
  }
  const loc: Record<string, unknown> = { county, constituency: con.text };
  if (withWard) loc.ward = wardText(rng, mess, e.ward);
  loc.address = rng.chance(mess.gaps) ? '' : addressText(rng, true);
  const c = drawCoords(rng, mess, { ok: 0.45, string: 0.2, missing: 0.25, zero: 0.08, swapped: 0.01, outside: 0.01 }, e, facts);
  if (c.issue !== 'missing') {
    loc.latitude = c.lat;
    loc.longitude = c.lng;
  }
  return loc;
}

export function categoryRenderer(): KindRenderer {
  return {
    nameField: 'organization_name',
    render(input) {
      const { rng, mess, entity: e, role } = input;
      const facts = new Facts();
      const rec: Record<string, unknown> = { organization_name: nameVariant(rng, mess, e, role === 'bad' ? 'home' : role) };
      rec.services = services(input, facts);
      rec.location = location(input, facts);
      const parts = publicPhones(input, facts);
      if (e.hotline && rng.chance(0.3)) {
        parts.push(e.hotline);
        facts.shortCodes.add(e.hotline);
      }
      rec.phone = phoneText(rng, parts);
      if (e.email && rng.chance(0.7)) {
        rec.email = emailText(rng, mess, e.email);
        noteEmail(facts, e.email);
      }
      if (e.website && rng.chance(0.8)) rec.website = rng.chance(mess.gaps) ? e.website.replace('https://', 'www.') : e.website;
      if (rng.chance(0.85)) rec.focal_person = person(input, facts, false);
      return { record: rec, facts };
    },
  };
}
