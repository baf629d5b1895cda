import { haversineKm } from '@homegroup/geo';
import { createGroup, createMeeting, leadWithGroup, searchMeetings, uniqueTag, type SearchItem } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

const at = (name: string, tag: string, lat: number, lng: number, extra: Record<string, unknown> = {}) => ({
  name: `${name} ${tag}`,
  timezone: 'Pacific/Fiji',
  weekdays: [0, 1, 2, 3, 4, 5, 6],
  startTime: '18:00',
  location: { formattedAddress: `${name}, Fiji`, lat, lng },
  ...extra,
});

describe('meeting search by place (GET /meetings)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const names = (items: SearchItem[], tag: string): string[] => items.map((i) => i.name.replace(` ${tag}`, ''));

  it('should search a radius and the N nearest across the antimeridian (Fiji)', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, at('Taveuni', tag, -16.85, -179.97));
    await createMeeting(t.api, lead, group.id, at('Qamea', tag, -16.9, -179.8));
    await createMeeting(t.api, lead, group.id, at('Labasa', tag, -16.43, 179.36));
    await createMeeting(t.api, lead, group.id, at('Suva', tag, -18.14, 178.44));
    const point = { lat: -16.8, lng: 179.95 }; // west of the line; two meetings lie east of it

    const within = await searchMeetings(t.api, { q: tag, ...point, radiusKm: 60 });
    // Same start for all: by distance.
    expect(names(within.items, tag)).toEqual(['Taveuni', 'Qamea']);
    for (const item of within.items) {
      const exact = haversineKm(point.lat, point.lng, item.location!.lat!, item.location!.lng!);
      expect(item.distanceKm).toBeCloseTo(exact, 0);
      expect(item.distanceKm).toBeLessThan(60);
    }
    expect(names((await searchMeetings(t.api, { q: tag, ...point, radiusKm: 100 })).items, tag)).toEqual(['Taveuni', 'Qamea', 'Labasa']);

    expect(names((await searchMeetings(t.api, { q: tag, ...point, nearest: 2 })).items, tag)).toEqual(['Taveuni', 'Qamea']);
    const four = await searchMeetings(t.api, { q: tag, ...point, nearest: 4 });
    expect(names(four.items, tag)).toEqual(['Taveuni', 'Qamea', 'Labasa', 'Suva']);
    expect(four.items[3].distanceKm).toBeGreaterThan(200);
    // From the other side of the line the answer is the same.
    expect(names((await searchMeetings(t.api, { q: tag, lat: -16.8, lng: -179.99, nearest: 2 })).items, tag)).toEqual(['Taveuni', 'Qamea']);
  });

  it('should search far north (Tromsø), where a degree of longitude is 39 km, and near the pole', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const north = { timezone: 'Europe/Oslo' };
    await createMeeting(t.api, lead, group.id, at('Tromso', tag, 69.65, 18.96, north));
    await createMeeting(t.api, lead, group.id, at('Kvaloya', tag, 69.68, 18.65, north));
    await createMeeting(t.api, lead, group.id, at('East', tag, 69.65, 20.0, north)); // about 40 km east
    await createMeeting(t.api, lead, group.id, at('Alta', tag, 69.97, 23.27, north));
    await createMeeting(t.api, lead, group.id, at('Longyearbyen', tag, 78.22, 15.65, north));
    const tromso = { lat: 69.65, lng: 18.96 };

    expect(names((await searchMeetings(t.api, { q: tag, ...tromso, radiusKm: 30 })).items, tag)).toEqual(['Tromso', 'Kvaloya']);
    const fifty = await searchMeetings(t.api, { q: tag, ...tromso, radiusKm: 50 });
    expect(names(fifty.items, tag)).toEqual(['Tromso', 'Kvaloya', 'East']);
    expect(fifty.items[2].distanceKm).toBeCloseTo(40, -1);
    expect(names((await searchMeetings(t.api, { q: tag, ...tromso, nearest: 4 })).items, tag)).toEqual(['Tromso', 'Kvaloya', 'East', 'Alta']);
    // From near the pole every longitude is close: the box takes them all.
    const pole = await searchMeetings(t.api, { q: tag, lat: 89.5, lng: -120, radiusKm: 500 });
    expect(names(pole.items, tag)).toEqual([]);
    const polar = await searchMeetings(t.api, { q: tag, lat: 89.5, lng: -120, nearest: 1 });
    expect(names(polar.items, tag)).toEqual(['Longyearbyen']);
  });

  it('should never report a distance to an approximate location, yet find it near the point', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, at('Hall', tag, 69.65, 18.96, { timezone: 'Europe/Oslo' }));
    await createMeeting(t.api, lead, group.id, {
      ...at('Online Tromso', tag, 69.66, 18.95, { timezone: 'Europe/Oslo' }),
      attendance: 'online',
      conference: { url: 'https://meet.example.org/tromso' },
      location: { formattedAddress: 'Tromsø, Norway', lat: 69.66, lng: 18.95, approximate: true },
    });
    const page = await searchMeetings(t.api, { q: tag, lat: 69.65, lng: 18.96, radiusKm: 10 });
    expect(names(page.items, tag).sort()).toEqual(['Hall', 'Online Tromso']);
    const online = page.items.find((i) => i.name.startsWith('Online'))!;
    expect(online).not.toHaveProperty('distanceKm');
    expect(online.location).toMatchObject({ approximate: true });
    expect(page.items.find((i) => i.name.startsWith('Hall'))!.distanceKm).toBe(0);
    const nearest = await searchMeetings(t.api, { q: tag, lat: 69.65, lng: 18.96, nearest: 2 });
    expect(nearest.items.find((i) => i.name.startsWith('Online'))).not.toHaveProperty('distanceKm');
  });

  it('should match hybrid meetings for in-person and for online, and filter fellowship, types, languages and text', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api, { fellowship: 'NA' });
    const aa = await createGroup(t.api, lead, { fellowship: 'AA' });
    const place = { formattedAddress: `Serenity Hall ${tag}, London`, lat: 51.5, lng: -0.12 };
    const online = { url: 'https://zoom.us/j/1234567890' };
    await createMeeting(t.api, lead, group.id, { name: `Room ${tag}`, attendance: 'in_person', location: place, types: ['OPEN', 'JFT'], languages: ['en'] });
    await createMeeting(t.api, lead, group.id, { name: `Screen ${tag}`, attendance: 'online', location: undefined, conference: online, types: ['C'], languages: ['es'] });
    await createMeeting(t.api, lead, group.id, { name: `Both ${tag}`, attendance: 'hybrid', location: place, conference: online, types: ['O', 'D'], languages: ['en', 'es'] });
    await createMeeting(t.api, lead, aa.id, { name: `AA ${tag}`, attendance: 'in_person', location: place, types: ['O', 'B'] });

    const sorted = async (params: Record<string, string>) => names((await searchMeetings(t.api, { q: tag, ...params })).items, tag).sort();
    expect(await sorted({ attendance: 'in_person' })).toEqual(['AA', 'Both', 'Room']);
    expect(await sorted({ attendance: 'online' })).toEqual(['Both', 'Screen']);
    expect(await sorted({ attendance: 'hybrid' })).toEqual(['Both']);
    expect(await sorted({ fellowship: 'AA' })).toEqual(['AA']);
    // O also finds NA's OPEN; all the codes must match.
    expect(await sorted({ types: 'O' })).toEqual(['AA', 'Both', 'Room']);
    expect(await sorted({ types: 'O,D' })).toEqual(['Both']);
    expect(await sorted({ types: 'JFT', fellowship: 'NA' })).toEqual(['Room']);
    expect(await sorted({ languages: 'es' })).toEqual(['Both', 'Screen']);
    // Free text reaches the place name too, case-insensitively.
    expect(names((await searchMeetings(t.api, { q: `serenity hall ${tag}` })).items, tag).sort()).toEqual(['AA', 'Both', 'Room']);
    // A point search finds only meetings that have a place.
    expect(await sorted({ lat: '51.5', lng: '-0.12', radiusKm: '5' })).toEqual(['AA', 'Both', 'Room']);
  });
});
