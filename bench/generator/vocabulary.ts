// Word lists for names, people and addresses, in the style of the sample delivery.
import { Scrambler, hash32 } from './random.js';

/** People are placeholders (John Doe, Jane Roe) as in the samples: the fields are personal data. */
export const FIRST_NAMES = [
  'John', 'Jane', 'Mary', 'Peter', 'Ruth', 'James', 'Ann', 'Richard', 'Grace', 'Mark', 'Alice',
  'Paul', 'David', 'Janet', 'Mercy', 'Joseph', 'Faith', 'Samuel', 'Esther', 'Daniel', 'Lucy',
] as const;
export const LAST_NAMES = ['Doe', 'Roe'] as const;
export const POLICE_RANKS = ['Insp.', 'IP', 'SP', 'Sgt.', 'CI', 'Chief Inspector', 'Cpl.'] as const;

export const MEDICAL_BRANDS = ['Tumaini', 'Bethany', 'Upendo', 'Jamii', 'Amani', 'Baraka', 'Huruma'] as const;
export const SAINTS = ["St. Anne's", "St. Mary's", "St. Jude's", "St. Mark's", "St. Joseph's", "St. Luke's"] as const;
export const SHELTER_BRANDS = ['Neema', 'Tumaini', 'Dada', 'Faraja', 'Kesho Bora', 'Amani', 'Imani'] as const;
export const FOUNDATION_BRANDS = ['Tumaini', 'Uzima', 'Neema', 'Wema', 'Msingi', 'Sauti'] as const;
export const LEGAL_BRANDS = ['Dada', 'Haki', 'Sheria', 'Usawa'] as const;

/** Real institutions with branches elsewhere: the main site and a branch are different facilities. */
export const REAL_INSTITUTIONS = [
  { name: "Nairobi Women's Hospital", county: 'Nairobi', constituency: 'Dagoretti North', ward: 'Kilimani' },
  { name: 'Mater Misericordiae Hospital', county: 'Nairobi', constituency: 'Starehe', ward: 'Nairobi South' },
  { name: 'Aga Khan Hospital', county: 'Mombasa', constituency: 'Mvita', ward: 'Tononoka' },
  { name: 'Avenue Hospital', county: 'Kisumu', constituency: 'Kisumu Central', ward: 'Kondele' },
  { name: 'Coptic Hospital', county: 'Nairobi', constituency: 'Dagoretti North', ward: 'Kilimani' },
] as const;

/** National referral hospitals: one each, placed by name. */
export const NATIONAL_REFERRALS = [
  { name: 'Kenyatta National Hospital', county: 'Nairobi', constituency: 'Dagoretti North', ward: 'Kilimani' },
  { name: 'Moi Teaching & Referral Hospital', county: 'Uasin Gishu', constituency: 'Ainabkoi', ward: 'Kapsoya' },
  { name: 'Coast General Teaching and Referral Hospital', county: 'Mombasa', constituency: 'Mvita', ward: 'Majengo' },
] as const;

export const BUILDINGS = ['Uhuru Plaza', 'Jamii House', 'Baraka Building', 'Umoja Mall', 'Tumaini House', 'Amani Plaza', 'Mwangaza Arcade', 'Neema Centre'] as const;
export const ROADS = [
  'Kenyatta Avenue', 'Moi Avenue', 'Kisumu-Kakamega Road', 'Ngong Road', 'Kamiti Road', 'Thika Road', 'Station Road',
  'Hospital Road', 'Court Road', 'Market Road', 'Church Road', 'Jogoo Road', 'Oginga Odinga Street', 'Nyerere Road',
  'Nairobi-Mombasa Road',
] as const;
export const LANDMARKS = [
  'near the DCC office', 'opposite the law courts', 'next to the market', 'behind the county offices', 'near the main bus stage',
  'off the highway', 'next to the Catholic church', 'opposite the police station', "next to the chief's camp", 'along the main road',
] as const;
export const HOURS = ['Mon-Fri 8am-5pm', '24 hours', '24/7', 'By appointment', 'Mon-Sat 8:00-17:00', 'Mon-Fri 0800-1700 hrs', 'Weekdays 8am - 5pm', ''] as const;

/** Places outside Kenya (or nowhere): a record placed there is rejected as unknown_location. */
export const FOREIGN_PLACES = [
  { county: 'Kampala', sub: 'Nakawa', lat: 0.3476, lng: 32.5825 },
  { county: 'Arusha', sub: 'Arumeru', lat: -3.3869, lng: 36.683 },
  { county: 'Atlantis', sub: 'Lost City', lat: 0, lng: 0 },
  { county: 'Kigali', sub: 'Gasabo', lat: -1.9441, lng: 30.0619 },
  { county: 'Dar es Salaam', sub: 'Ilala', lat: -6.8161, lng: 39.2803 },
  { county: 'Juba', sub: 'Munuki', lat: 4.8594, lng: 31.5713 },
  { county: 'Addis Ababa', sub: 'Bole', lat: 8.9806, lng: 38.7578 },
  { county: 'Gotham', sub: 'Downtown', lat: 0, lng: 0 },
] as const;

// Village names: syllables composed through a per-ward bijection so that, inside a ward,
// distinct ordinals always give distinct names (no memory of names already used).
const ONSETS = [
  'Ka', 'Ki', 'Ko', 'Ma', 'Mu', 'Nya', 'Lo', 'Ol', 'Ga', 'Ge', 'Bu', 'Chi', 'Che', 'Ta', 'Ti',
  'Wa', 'Ru', 'Se', 'Ndi', 'Ngu', 'Ke', 'Sa', 'Mi', 'Kho', 'Shi', 'Ya', 'E', 'I', 'O', 'Nyo',
] as const;
const MIDDLES = [
  'ba', 'be', 'bu', 'ga', 'gi', 'ka', 'ki', 'ku', 'la', 'li', 'lo', 'mba', 'me', 'mo', 'na',
  'nge', 'ni', 'ra', 'ri', 'ro', 'sa', 'se', 'si', 'ta', 'te', 'to', 'wa', 'we', 'ya', 'mwe',
] as const;
const ENDINGS = ['ni', 'ri', 'to', 'ga', 'ne', 'yo', 'ke', 'bo', 'ti', 'wa', 'ru', 'ma', 'nde', 'ngo', 'li', 'iti', 'oni', 'ani'] as const;
const VILLAGE_SPACE = ONSETS.length * MIDDLES.length * ENDINGS.length;
const QUALIFIERS = ['', 'Upper ', 'Lower ', 'New ', 'Old '] as const;

const villageScramblers = new Map<number, Scrambler>();

/** The `ordinal`-th village of a ward: "Kabani", "Nyamboti", "Upper Ochenge", ... */
export function villageName(wardIndex: number, ordinal: number): string {
  let scrambler = villageScramblers.get(wardIndex);
  if (!scrambler) {
    scrambler = new Scrambler(VILLAGE_SPACE, hash32('village', wardIndex));
    villageScramblers.set(wardIndex, scrambler);
  }
  let k = scrambler.map(ordinal % VILLAGE_SPACE);
  const e = k % ENDINGS.length;
  k = Math.floor(k / ENDINGS.length);
  const m = k % MIDDLES.length;
  const o = Math.floor(k / MIDDLES.length);
  const round = Math.floor(ordinal / VILLAGE_SPACE);
  const qualifier = QUALIFIERS[round % QUALIFIERS.length];
  const suffix = round >= QUALIFIERS.length ? ` ${Math.floor(round / QUALIFIERS.length) + 1}` : '';
  return `${qualifier}${ONSETS[o]}${MIDDLES[m]}${ENDINGS[e]}${suffix}`;
}

/** Lower-case letters and digits only: the slug in e-mails and web addresses. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '');
}
