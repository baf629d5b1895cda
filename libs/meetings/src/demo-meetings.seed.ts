import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { demoAccounts } from '@homegroup/identity';
import type { MeetingGuideItem } from './feeds/meeting-guide';
import { MeetingImportService } from './import/meeting-import.service';

export const DEMO_SOURCE = 'homegroup-demo';

type City = {
  name: string;
  region: string;
  country: string;
  lat: number;
  lng: number;
  timezone: string;
  streets: string[];
  postal: string;
  languages: string[];
};

const CITIES: City[] = [
  { name: 'New York', region: 'NY', country: 'USA', lat: 40.7128, lng: -74.006, timezone: 'America/New_York', streets: ['Broadway', 'W 4th St', 'Lexington Ave', 'Atlantic Ave'], postal: '100', languages: ['en', 'es'] },
  { name: 'Chicago', region: 'IL', country: 'USA', lat: 41.8781, lng: -87.6298, timezone: 'America/Chicago', streets: ['N Clark St', 'W Division St', 'S Halsted St'], postal: '606', languages: ['en', 'es', 'pl'] },
  { name: 'Los Angeles', region: 'CA', country: 'USA', lat: 34.0522, lng: -118.2437, timezone: 'America/Los_Angeles', streets: ['Sunset Blvd', 'W 3rd St', 'Figueroa St'], postal: '900', languages: ['en', 'es', 'ko'] },
  { name: 'San Francisco', region: 'CA', country: 'USA', lat: 37.7749, lng: -122.4194, timezone: 'America/Los_Angeles', streets: ['Mission St', 'Valencia St', 'Market St'], postal: '941', languages: ['en', 'es'] },
  { name: 'London', region: 'England', country: 'UK', lat: 51.5074, lng: -0.1278, timezone: 'Europe/London', streets: ['Camden High St', 'Old Kent Rd', 'Holloway Rd'], postal: 'N1', languages: ['en', 'pl'] },
  { name: 'Manchester', region: 'England', country: 'UK', lat: 53.4808, lng: -2.2426, timezone: 'Europe/London', streets: ['Oldham St', 'Deansgate', 'Wilmslow Rd'], postal: 'M1', languages: ['en'] },
  { name: 'Tromsø', region: 'Troms', country: 'Norway', lat: 69.6492, lng: 18.9553, timezone: 'Europe/Oslo', streets: ['Storgata', 'Grønnegata'], postal: '90', languages: ['no', 'en'] },
  { name: 'Auckland', region: 'Auckland', country: 'New Zealand', lat: -36.8485, lng: 174.7633, timezone: 'Pacific/Auckland', streets: ['Queen St', 'Karangahape Rd', 'Dominion Rd'], postal: '10', languages: ['en'] },
  { name: 'Wellington', region: 'Wellington', country: 'New Zealand', lat: -41.2865, lng: 174.7762, timezone: 'Pacific/Auckland', streets: ['Cuba St', 'Willis St'], postal: '60', languages: ['en'] },
  { name: 'Suva', region: 'Central', country: 'Fiji', lat: -18.1416, lng: 178.4419, timezone: 'Pacific/Fiji', streets: ['Victoria Parade', 'Waimanu Rd'], postal: '', languages: ['en'] },
  { name: 'Sydney', region: 'NSW', country: 'Australia', lat: -33.8688, lng: 151.2093, timezone: 'Australia/Sydney', streets: ['Oxford St', 'King St', 'George St'], postal: '20', languages: ['en'] },
  { name: 'Toronto', region: 'ON', country: 'Canada', lat: 43.6532, lng: -79.3832, timezone: 'America/Toronto', streets: ['Queen St W', 'Bloor St', 'Danforth Ave'], postal: 'M5', languages: ['en', 'fr'] },
];

const FELLOWSHIPS: { code: string; weight: number; names: string[]; types: string[][] }[] = [
  { code: 'NA', weight: 4, names: ['Clean and Serene', 'Just for Today', 'Living Clean', 'Hope Dealers', 'Miracle on', 'Recovery Rangers', 'Keep It Simple', 'Stepping Stones'], types: [['OPEN', 'DISC'], ['CLOSED', 'JFT'], ['OPEN', 'SPK'], ['CLOSED', 'STEP'], ['OPEN', 'BT', 'WCHR'], ['BEG', 'OPEN']] },
  { code: 'AA', weight: 4, names: ['Serenity Seekers', 'Lunch Bunch', 'Attitude Adjustment', 'Primary Purpose', 'Sunrise Sobriety', 'Big Book Study', 'Happy Destiny', 'Into Action'], types: [['O', 'D'], ['C', 'B'], ['O', 'SP'], ['C', 'ST'], ['O', '12x12', 'X'], ['O', 'BE', 'MED']] },
  { code: 'SMART', weight: 2, names: ['SMART Recovery Tools', 'Self-Management Circle', 'Cost-Benefit Crew', 'Urge Surfers'], types: [['O', 'D'], ['O', 'D', 'A']] },
  { code: 'CA', weight: 1, names: ['Hope and Freedom', 'Cocaine Anonymous Back to Basics'], types: [['O', 'D'], ['C', 'ST']] },
];

const TIMES = ['07:00', '07:30', '09:00', '12:00', '12:15', '17:30', '18:00', '18:30', '19:00', '19:30', '20:00', '21:00', '23:00'];

/** A small seeded PRNG (mulberry32): the same demo data on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * About 300 plausible meetings in 12 cities and 8 time zones, four fellowships, in person, online and
 * hybrid, as a Meeting Guide feed: the demo goes through the real importer, so re-running it changes
 * nothing (idempotent per source and slug). No last names; conference links point at example.
 */
export function demoMeetingFeed(perCity = 25): MeetingGuideItem[] {
  const next = random(20_261_123);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const totalWeight = FELLOWSHIPS.reduce((n, f) => n + f.weight, 0);
  const items: MeetingGuideItem[] = [];
  for (const city of CITIES) {
    for (let i = 0; i < perCity; i++) {
      let roll = next() * totalWeight;
      const fellowship = FELLOWSHIPS.find((f) => (roll -= f.weight) < 0) ?? FELLOWSHIPS[0];
      const groupName = `${pick(fellowship.names)} ${fellowship.code}`;
      const mode = next();
      const attendance = mode < 0.6 ? 'in_person' : mode < 0.8 ? 'online' : 'hybrid';
      const daysRoll = next();
      const first = Math.floor(next() * 7);
      const day = daysRoll < 0.7 ? first : daysRoll < 0.9 ? [...new Set([first, (first + 2) % 7, (first + 4) % 7])].sort() : [0, 1, 2, 3, 4, 5, 6];
      const time = pick(TIMES);
      const [h, m] = time.split(':').map(Number);
      const duration = fellowship.code === 'SMART' || next() < 0.3 ? 90 : 60;
      const endMinutes = (h * 60 + m + duration) % 1440;
      const end = `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
      const types = [...pick(fellowship.types)];
      const language = next() < 0.15 && city.languages.length > 1 ? pick(city.languages.slice(1)) : city.languages[0];
      const languageCode: Record<string, string> = { en: 'EN', es: 'S', pl: 'POL', ko: 'KOR', fr: 'FR', no: 'NO' };
      types.push(languageCode[language] ?? 'EN');
      const slug = `demo-${city.name.toLowerCase().replace(/ø/g, 'o').replace(/[^a-z]+/g, '-')}-${String(i + 1).padStart(2, '0')}`;
      const lat = Math.round((city.lat + (next() - 0.5) * 0.16) * 1e5) / 1e5;
      const lng = Math.round((city.lng + (next() - 0.5) * 0.16) * 1e5) / 1e5;
      const street = `${10 + Math.floor(next() * 480)} ${pick(city.streets)}`;
      const postal = city.postal ? `${city.postal}${String(Math.floor(next() * 90) + 10)}` : '';
      const item: MeetingGuideItem = {
        name: groupName.replace(/ (NA|AA|SMART|CA)$/, ''),
        slug,
        day,
        time,
        end_time: end,
        timezone: city.timezone,
        approximate: attendance === 'online' ? 'yes' : 'no',
        types,
        group: `${groupName} (${city.name})`,
        updated: '2026-11-01 12:00:00',
      };
      if (attendance === 'online') {
        item.formatted_address = `${city.name}, ${city.region}, ${city.country}`;
        item.city = city.name;
        item.country = city.country;
        item.latitude = city.lat;
        item.longitude = city.lng;
      } else {
        item.formatted_address = [street, city.name, [city.region, postal].filter(Boolean).join(' '), city.country].join(', ');
        item.address = street;
        item.city = city.name;
        item.state = city.region;
        if (postal) item.postal_code = postal;
        item.country = city.country;
        item.latitude = lat;
        item.longitude = lng;
        item.location = pick(['Community Hall', 'St. Mark’s Church, basement', 'Recovery Centre', 'Library meeting room', 'Friends Meeting House']);
        item.regions = [city.name];
      }
      if (attendance !== 'in_person') {
        item.conference_url = `https://meet.example.org/homegroup-${slug}`;
        if (next() < 0.5) item.conference_url_notes = 'Passcode: serenity';
      }
      if (next() < 0.04) item.types.push('TC');
      if (next() < 0.3) item.notes = pick(['Newcomers welcome.', 'Coffee from 15 minutes before.', 'Step-free access by the side door.', 'Literature available.']);
      items.push(item);
    }
  }
  return items;
}

/** Which demo member leads the demo groups of each fellowship (so they can edit them). */
const DEMO_LEADS: Record<string, string> = {
  NA: 'sam@demo.homegroup.local',
  AA: 'priya@demo.homegroup.local',
  SMART: 'jo@demo.homegroup.local',
  CA: 'alex@demo.homegroup.local',
};

/** Imports the demo meetings (idempotent) and makes demo members lead their groups. Returns the counts. */
export async function seedDemoMeetings(app: INestApplicationContext): Promise<{ created: number; unchanged: number }> {
  const importer = app.get(MeetingImportService);
  const feed = demoMeetingFeed();
  const report = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const fellowship of FELLOWSHIPS) {
    const meetings = feed.filter((m) => m.group?.includes(` ${fellowship.code} (`));
    const result = await importer.importFeed({ actorId: null }, { source: `${DEMO_SOURCE}-${fellowship.code.toLowerCase()}`, fellowship: fellowship.code, meetings });
    report.created += result.created;
    report.updated += result.updated;
    report.unchanged += result.unchanged;
    report.rejected += result.rejected.length;
  }
  const dataSource = app.get(DataSource);
  // The seed's own accounts only: an account someone registered with a demo email never becomes a lead.
  const accounts = await demoAccounts(app);
  for (const [fellowship, email] of Object.entries(DEMO_LEADS)) {
    const lead = accounts.get(email);
    if (!lead) continue;
    await dataSource.query(
      `INSERT INTO group_leads (group_id, user_id, added_by, created_at)
       SELECT g.id, $2, NULL, now() FROM groups g
        WHERE g.source = $1
       ON CONFLICT (group_id, user_id) DO NOTHING`,
      [`${DEMO_SOURCE}-${fellowship.toLowerCase()}`, lead.id],
    );
  }
  if (report.rejected > 0) new Logger('DemoMeetings').warn(`${report.rejected} demo meetings were rejected`);
  return { created: report.created, unchanged: report.unchanged };
}
