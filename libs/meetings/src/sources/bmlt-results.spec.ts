import { fromMeetingGuide } from '../feeds/meeting-guide';
import { bmltMeetings, fromBmlt } from './bmlt-results';

const row = {
  id_bigint: '1791',
  weekday_tinyint: '1',
  start_time: '23:30:00',
  duration_time: '01:00:00',
  time_zone: 'America/New_York',
  formats: 'O,BT,IW',
  longitude: '-76.566373',
  latitude: '42.923231',
  meeting_name: 'Ties That Bind Us Together',
  location_text: 'United Methodist Church',
  location_info: '',
  location_street: '99 South St',
  location_municipality: 'Auburn',
  location_province: 'NY',
  location_postal_code_1: '13021',
  location_nation: 'US',
  virtual_meeting_link: '',
  phone_meeting_number: '',
  comments: 'Side door',
};

describe('BMLT GetSearchResults → Meeting Guide items', () => {
  it('should accept a bare array or { meetings, formats }, and nothing else', () => {
    expect(bmltMeetings([row])).toHaveLength(1);
    expect(bmltMeetings({ meetings: [row], formats: [] })).toHaveLength(1);
    expect(bmltMeetings({ hello: 'world' })).toBeNull();
    expect(bmltMeetings('text')).toBeNull();
  });

  it('should map Sunday = 1 to day 0, HH:MM:SS to HH:MM, the duration across midnight, the place and the formats', () => {
    const parsed = fromMeetingGuide(fromBmlt(row), undefined);
    if ('reason' in parsed) throw new Error(parsed.reason);
    expect(parsed.slug).toBe('1791');
    expect(parsed.draft).toMatchObject({
      name: 'Ties That Bind Us Together',
      weekdays: [0],
      startTime: '23:30',
      durationMinutes: 60,
      timezone: 'America/New_York',
      attendance: 'in_person',
      types: ['O', 'BT', 'IW'],
      notes: 'Side door',
    });
    expect(parsed.draft.location).toMatchObject({ name: 'United Methodist Church', city: 'Auburn', lat: 42.923231, lng: -76.566373, approximate: false });
  });

  it('should list a virtual meeting (venue_type 2) as online, and let the importer reject a row without a weekday', () => {
    const online = fromMeetingGuide(fromBmlt({ ...row, venue_type: '2', virtual_meeting_link: 'https://zoom.us/j/1' }), undefined);
    if ('reason' in online) throw new Error(online.reason);
    expect(online.draft.attendance).toBe('online');
    const broken = fromMeetingGuide(fromBmlt({ ...row, weekday_tinyint: '9' }), undefined);
    expect(broken).toMatchObject({ slug: '1791', reason: expect.stringMatching(/^day/) as unknown });
    expect(fromMeetingGuide(fromBmlt('not a row'), undefined)).toEqual({ reason: 'not a JSON object' });
  });
});
