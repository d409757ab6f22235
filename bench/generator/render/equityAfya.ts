// `equity_afya`: one private clinic network (SOURCES.md §6). Services are one string split by
// `;` or `,`; the location object carries county, constituency, ward and coordinates.
import { constituencyText, countyText, nameVariant, wardText } from '../mess.js';
import { HEALTH_NOISE } from '../services.js';
import {
  Facts,
  addressText,
  drawCoords,
  publicPhones,
  serviceWords,
  statedServices,
  type KindRenderer,
  type RenderInput,
} from './common.js';

function location(input: RenderInput, facts: Facts): Record<string, unknown> {
  const { rng, mess, entity: e, foreign } = input;
  if (foreign) return { county: foreign.county, constituency: foreign.sub, address: addressText(rng, true) };
  const con = constituencyText(rng, mess, e.ward.constituency);
  facts.countyCode = e.ward.county.code;
  facts.constituencyCode = con.code;
  const loc: Record<string, unknown> = { county: countyText(rng, mess, e.ward.county), constituency: con.text };
  if (!rng.chance(0.05 + mess.gaps * 0.5)) {
    loc.ward = wardText(rng, mess, e.ward);
    facts.wardCode = e.ward.code;
  }
  loc.address = rng.chance(mess.gaps * 2) ? '' : addressText(rng, true);
  const c = drawCoords(rng, mess, { ok: 0.5, string: 0.25, missing: 0.18, zero: 0.05, swapped: 0.01, outside: 0.01 }, e, facts);
  if (c.issue !== 'missing') {
    loc.latitude = c.lat;
    loc.longitude = c.lng;
  }
  return loc;
}

export const equityAfya: KindRenderer = {
  nameField: 'facility_name',
  render(input) {
    const { rng, mess, entity: e, role } = input;
    const facts = new Facts();
    const rec: Record<string, unknown> = { facility_name: nameVariant(rng, mess, e, role === 'bad' ? 'home' : role) };
    if (e.branchCode && !rng.chance(mess.gaps * 0.3)) rec.branch_code = e.branchCode;
    if (e.mflCode && !rng.chance(mess.gaps * 0.6)) rec.mfl_code = rng.chance(0.8) ? Number(e.mflCode) : e.mflCode;
    rec.location = location(input, facts);
    const words = serviceWords(input, facts, statedServices(input), HEALTH_NOISE);
    rec.services = words.join(rng.pick(['; ', ';', ', ', ',']));
    if (!rng.chance(mess.gaps)) rec.phone = publicPhones(input, facts, { both: false })[0];
    return { record: rec, facts };
  },
};
