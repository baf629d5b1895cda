import { changeData } from './bmlt-changes';

describe('changeData (GetChanges json_data)', () => {
  it('should be empty when the log kept no values', () => {
    expect(changeData(null)).toEqual({});
    expect(changeData({})).toEqual({});
  });

  it("should give the changed fields' before and after under BMLT's names, as strings", () => {
    expect(
      changeData({
        startTime: { before: '19:00', after: '19:30' },
        durationMinutes: { before: 60, after: 90 },
        weekdays: { before: [1], after: [1, 4] },
        attendance: { before: 'in_person', after: 'hybrid' },
        notes: { before: null, after: 'Side door' },
        status: { before: 'active', after: 'suspended' },
      }),
    ).toEqual({
      before: {
        start_time: '19:00:00',
        duration_time: '01:00:00',
        weekday_tinyint: '2',
        venue_type: '1',
        comments: '',
        status: 'active',
      },
      after: {
        start_time: '19:30:00',
        duration_time: '01:30:00',
        weekday_tinyint: '2,5',
        venue_type: '3',
        comments: 'Side door',
        status: 'suspended',
      },
    });
  });

  it('should keep only the parts of a location or conference that changed', () => {
    const place = { name: 'Hall', address: '1 Main St', city: 'Leeds', lat: 53.8, lng: -1.55, notes: null };
    expect(
      changeData({
        location: { before: place, after: { ...place, notes: 'Side door' } },
        conference: {
          before: { url: null, notes: null, phone: null, phoneNotes: null },
          after: { url: 'https://zoom.us/j/1', notes: null, phone: null, phoneNotes: null },
        },
      }),
    ).toEqual({
      before: { location_info: '', virtual_meeting_link: '' },
      after: { location_info: 'Side door', virtual_meeting_link: 'https://zoom.us/j/1' },
    });
  });
});
