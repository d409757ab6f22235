// `kps_stations`: police stations nested by county command (SOURCES.md §3). Coordinates are
// GeoJSON [longitude, latitude]; the OCS is a named officer with a personal phone.
import { constituencyText, nameVariant, wardText } from '../mess.js';
import {
  Facts,
  drawCoords,
  person,
  phoneText,
  publicPhones,
  type KindRenderer,
  type RenderInput,
} from './common.js';

function coordinates(input: RenderInput, facts: Facts): unknown[] | undefined {
  const { rng, mess, entity } = input;
  const c = drawCoords(rng, mess, { ok: 0.5, string: 0.25, missing: 0.2, zero: 0.02, swapped: 0.015, outside: 0.015 }, entity, facts);
  if (c.issue === 'missing') return undefined;
  // drawCoords gives (lat, lng); GeoJSON writes longitude first.
  return [c.lng, c.lat];
}

export const kps: KindRenderer = {
  nameField: 'station_name',
  render(input) {
    const { rng, mess, entity: e, group, role } = input;
    const facts = new Facts();
    facts.countyCode = group?.countyCode ?? null;
    const rec: Record<string, unknown> = { station_name: nameVariant(rng, mess, e, role === 'bad' ? 'home' : role) };

    if (e.stationCode && !rng.chance(mess.gaps * 0.3)) rec.station_code = e.stationCode;
    else if (e.stationCode && rng.chance(0.5)) rec.station_code = null;

    const desk = e.services.includes('gender_desk');
    rec.gender_desk = rng.chance(mess.gaps * 0.3) ? null : desk;
    if (rec.gender_desk === true) facts.services.add('gender_desk');

    const location: Record<string, unknown> = {};
    if (input.foreign) location.constituency = input.foreign.sub;
    else {
      const con = constituencyText(rng, mess, e.ward.constituency);
      facts.constituencyCode = con.code;
      location.constituency = con.text;
    }
    const wardRoll = rng.next();
    if (!input.foreign && wardRoll < 0.85 - mess.gaps) {
      location.ward = wardText(rng, mess, e.ward);
      facts.wardCode = e.ward.code;
    } else if (!input.foreign && wardRoll < 0.93) location.ward = '';
    const coords = coordinates(input, facts);
    if (coords) location.coordinates = coords;
    rec.location = location;

    const contacts: Array<{ type: string; value: string }> = [];
    if (!rng.chance(mess.gaps * 0.3)) {
      const parts = publicPhones(input, facts);
      if (parts.length > 1 && rng.chance(0.4)) contacts.push({ type: 'phone', value: phoneText(rng, parts) });
      else for (const value of parts) contacts.push({ type: 'phone', value });
    }
    if (e.hotline && rng.chance(0.8)) {
      contacts.push({ type: 'hotline', value: e.hotline });
      facts.shortCodes.add(e.hotline);
    }
    rec.contacts = contacts;

    if (rng.chance(0.75)) {
      const ocs = person(input, facts, true);
      rec.ocs = { name: ocs.name, phone: ocs.phone };
    } else if (rng.chance(0.5)) rec.ocs = null;
    return { record: rec, facts };
  },
};
