import { feedTime, fromMeetingGuide, meetingGuideTimestamp, type ParsedFeedItem } from './meeting-guide';

const parse = (raw: Record<string, unknown>, tz?: string): ParsedFeedItem => {
  const result = fromMeetingGuide({ name: 'M', slug: 's', day: 1, time: '19:00', timezone: 'Europe/London', ...raw }, tz);
  if ('reason' in result) throw new Error(result.reason);
  return result;
};

describe('Meeting Guide feed items', () => {
  it('should read times as feeds write them', () => {
    expect(feedTime('7:05')).toBe('07:05');
    expect(feedTime('19:00:00')).toBe('19:00');
    expect(feedTime('24:00')).toBeNull();
    expect(feedTime('7pm')).toBeNull();
  });

  it('should derive attendance from the conference details and how precise the address is', () => {
    expect(parse({ formatted_address: '1 High St, Leeds LS1 1AA, UK' }).draft.attendance).toBe('in_person');
    expect(parse({ formatted_address: '1 High St, Leeds, LS1 1AA, UK', conference_url: 'https://zoom.us/j/1' }).draft.attendance).toBe('hybrid');
    expect(parse({ formatted_address: 'Leeds, UK', conference_url: 'https://zoom.us/j/1' }).draft.attendance).toBe('online');
    expect(parse({ conference_phone: '+441234' }).draft).toMatchObject({ attendance: 'online', location: null });
    expect(parse({ formatted_address: '1 High St, Leeds, LS1 1AA, UK', approximate: 'yes', conference_url: 'https://zoom.us/j/1' }).draft.attendance).toBe('online');
  });

  it('should turn TC into a status and drop the legacy ONL code', () => {
    expect(parse({ types: ['O', 'TC', 'ONL'], formatted_address: 'x, y, z, w' }).draft).toMatchObject({ status: 'temporarily_closed', types: ['O'] });
  });

  it('should accept a comma-separated types string, regions or region/sub_region, and 0,0 as no coordinates', () => {
    const item = parse({ types: 'O, D', region: 'North', sub_region: 'Harbour', formatted_address: 'a, b, c, d', latitude: 0, longitude: 0 });
    expect(item.draft.types).toEqual(['O', 'D']);
    expect(item.draft.location).toMatchObject({ regions: ['North', 'Harbour'], lat: null, lng: null });
    expect(item.warnings).toContain('coordinates 0,0 ignored');
  });

  it('should format updated as the spec wants', () => {
    expect(meetingGuideTimestamp(new Date('2026-11-23T16:30:05.123Z'))).toBe('2026-11-23 16:30:05');
  });
});
