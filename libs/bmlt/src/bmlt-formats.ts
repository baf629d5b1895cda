/**
 * The fixed BMLT format table (docs/bmlt.md, ADR 0041). BMLT clients filter by a format's numeric id and show its
 * `key_string`; NAWS tools read its `world_id`. Ids and key strings follow BMLT's stock English formats (the ids
 * every fresh BMLT server has), so a client configured against one keeps working here. Each format names the
 * codes of ours it stands for (NA fellowship codes and Meeting Guide codes), and the three that BMLT derives from
 * a meeting's venue or state (VM, HY, TC) also come from `attendance` and `status`. Never renumber a row: ids are
 * what clients store.
 */
export type BmltFormatType = 'FC1' | 'FC2' | 'FC3' | 'O' | 'LANG';

export type BmltFormat = {
  id: number;
  key: string;
  worldId: string;
  name: string;
  description: string;
  type: BmltFormatType;
  /** Our type codes (`meetings.types`, any vocabulary) meaning this format. */
  codes: readonly string[];
  /** Also present when the meeting's attendance is one of these. */
  attendance?: readonly string[];
  /** Also present when the meeting's status is one of these. */
  status?: readonly string[];
  /** Also present when the meeting's languages include this BCP 47 primary tag. */
  language?: string;
};

export const BMLT_FORMATS: readonly BmltFormat[] = [
  {
    id: 1,
    key: 'B',
    worldId: 'BEG',
    name: 'Beginners',
    description: 'Focused on the needs of newcomers.',
    type: 'FC3',
    codes: ['BEG', 'BE'],
  },
  {
    id: 3,
    key: 'BT',
    worldId: 'BT',
    name: 'Basic Text',
    description: 'Studies the Basic Text.',
    type: 'FC1',
    codes: ['BT'],
  },
  {
    id: 4,
    key: 'C',
    worldId: 'CLOSED',
    name: 'Closed',
    description: 'For addicts, or those who think they may have a problem, only.',
    type: 'O',
    codes: ['CLOSED', 'C'],
  },
  {
    id: 6,
    key: 'CL',
    worldId: 'CAN',
    name: 'Candlelight',
    description: 'Held by candlelight.',
    type: 'FC2',
    codes: ['CAN'],
  },
  {
    id: 8,
    key: 'D',
    worldId: 'DISC',
    name: 'Discussion',
    description: 'Every attendee may share.',
    type: 'FC1',
    codes: ['DISC', 'D'],
  },
  {
    id: 9,
    key: 'ES',
    worldId: 'LANG',
    name: 'Español',
    description: 'Held in Spanish.',
    type: 'LANG',
    codes: ['S'],
    language: 'es',
  },
  {
    id: 10,
    key: 'GL',
    worldId: 'GL',
    name: 'Gay/Lesbian/Transgender',
    description: 'Focused on LGBTQ members.',
    type: 'FC3',
    codes: ['GL', 'LGBTQ'],
  },
  {
    id: 12,
    key: 'IP',
    worldId: 'IP',
    name: 'Informational Pamphlet',
    description: 'Studies an informational pamphlet.',
    type: 'FC1',
    codes: ['IP'],
  },
  {
    id: 13,
    key: 'IW',
    worldId: 'IW',
    name: 'It Works -How and Why',
    description: 'Studies It Works: How and Why.',
    type: 'FC1',
    codes: ['IW'],
  },
  {
    id: 14,
    key: 'JT',
    worldId: 'JFT',
    name: 'Just for Today',
    description: 'Studies the Just for Today daily reading.',
    type: 'FC1',
    codes: ['JFT'],
  },
  { id: 15, key: 'M', worldId: 'M', name: 'Men', description: 'For men only.', type: 'FC3', codes: ['M'] },
  {
    id: 17,
    key: 'O',
    worldId: 'OPEN',
    name: 'Open',
    description: 'Anyone may attend.',
    type: 'O',
    codes: ['OPEN', 'O'],
  },
  {
    id: 19,
    key: 'RF',
    worldId: 'VAR',
    name: 'Rotating Format',
    description: 'The format changes from meeting to meeting.',
    type: 'FC1',
    codes: ['VAR'],
  },
  {
    id: 23,
    key: 'SG',
    worldId: 'SWG',
    name: 'Step Working Guide',
    description: 'Studies the Step Working Guides.',
    type: 'FC1',
    codes: ['SWG'],
  },
  {
    id: 26,
    key: 'So',
    worldId: 'SPK',
    name: 'Speaker Only',
    description: 'One or more speakers share.',
    type: 'FC1',
    codes: ['SPK', 'SP'],
  },
  {
    id: 27,
    key: 'St',
    worldId: 'STEP',
    name: 'Step',
    description: 'Discusses the Twelve Steps.',
    type: 'FC1',
    codes: ['STEP', 'ST'],
  },
  {
    id: 29,
    key: 'To',
    worldId: 'TOP',
    name: 'Topic',
    description: 'A topic is chosen for discussion.',
    type: 'FC1',
    codes: ['TOP'],
  },
  {
    id: 30,
    key: 'Tr',
    worldId: 'TRAD',
    name: 'Tradition',
    description: 'Discusses the Twelve Traditions.',
    type: 'FC1',
    codes: ['TRAD', 'TR'],
  },
  {
    id: 32,
    key: 'W',
    worldId: 'W',
    name: 'Women',
    description: 'For women only.',
    type: 'FC3',
    codes: ['W'],
  },
  {
    id: 33,
    key: 'WC',
    worldId: 'WCHR',
    name: 'Wheelchair',
    description: 'Wheelchair accessible.',
    type: 'FC2',
    codes: ['WCHR', 'X'],
  },
  {
    id: 34,
    key: 'YP',
    worldId: 'Y',
    name: 'Young People',
    description: 'Focused on young members.',
    type: 'FC3',
    codes: ['Y'],
  },
  {
    id: 36,
    key: 'BK',
    worldId: 'LIT',
    name: 'Book Study',
    description: 'Studies approved literature.',
    type: 'FC1',
    codes: ['LIT'],
  },
  {
    id: 37,
    key: 'NS',
    worldId: 'NS',
    name: 'No Smoking',
    description: 'No smoking at the meeting.',
    type: 'FC1',
    codes: ['NS'],
  },
  {
    id: 41,
    key: 'ME',
    worldId: 'MED',
    name: 'Meditation',
    description: 'Includes meditation.',
    type: 'FC1',
    codes: ['MED'],
  },
  {
    id: 42,
    key: 'RA',
    worldId: 'RA',
    name: 'Restricted Attendance',
    description: 'Attendance is restricted (e.g. an institution).',
    type: 'FC3',
    codes: ['RA'],
  },
  {
    id: 43,
    key: 'QA',
    worldId: 'QA',
    name: 'Question and Answer',
    description: 'Attendees ask questions of experienced members.',
    type: 'FC1',
    codes: ['QA'],
  },
  {
    id: 44,
    key: 'CW',
    worldId: 'CW',
    name: 'Children Welcome',
    description: 'Children are welcome.',
    type: 'FC3',
    codes: ['CW', 'CF'],
  },
  {
    id: 45,
    key: 'CP',
    worldId: 'CPT',
    name: 'Concepts',
    description: 'Discusses the Twelve Concepts.',
    type: 'FC1',
    codes: ['CPT'],
  },
  {
    id: 51,
    key: 'LC',
    worldId: 'LC',
    name: 'Living Clean',
    description: 'Studies Living Clean.',
    type: 'FC1',
    codes: ['LC'],
  },
  {
    id: 52,
    key: 'GP',
    worldId: 'GP',
    name: 'Guiding Principles',
    description: 'Studies Guiding Principles.',
    type: 'FC1',
    codes: ['GP'],
  },
  {
    id: 54,
    key: 'VM',
    worldId: 'VM',
    name: 'Virtual Meeting',
    description: 'Meets online.',
    type: 'FC2',
    codes: ['VM', 'ONL'],
    attendance: ['online'],
  },
  {
    id: 55,
    key: 'TC',
    worldId: 'TC',
    name: 'Temporarily Closed Facility',
    description: 'The facility is temporarily closed.',
    type: 'FC2',
    codes: ['TC'],
    status: ['temporarily_closed'],
  },
  {
    id: 56,
    key: 'HY',
    worldId: 'HYBR',
    name: 'Hybrid Meeting',
    description: 'Meets in person and online at once.',
    type: 'FC2',
    codes: ['HYBR'],
    attendance: ['hybrid'],
  },
  {
    id: 57,
    key: 'SPAD',
    worldId: 'SPAD',
    name: 'A Spiritual Principle a Day',
    description: 'Studies A Spiritual Principle a Day.',
    type: 'FC1',
    codes: ['SPAD'],
  },
];

export const BMLT_FORMAT_BY_ID: ReadonlyMap<number, BmltFormat> = new Map(BMLT_FORMATS.map((f) => [f.id, f]));

/** What `formatsOf` reads of a meeting. */
export type FormatSubject = {
  types: readonly string[];
  attendance: string;
  status: string;
  languages: readonly string[];
};

/** The BMLT formats a meeting carries, in table (id) order. */
export function formatsOf(meeting: FormatSubject): BmltFormat[] {
  const types = new Set(meeting.types.map((t) => t.toUpperCase()));
  const languages = new Set(meeting.languages.map((l) => l.split('-')[0].toLowerCase()));
  return BMLT_FORMATS.filter(
    (f) =>
      f.codes.some((c) => types.has(c.toUpperCase())) ||
      (f.attendance?.includes(meeting.attendance) ?? false) ||
      (f.status?.includes(meeting.status) ?? false) ||
      (f.language !== undefined && languages.has(f.language)),
  );
}
