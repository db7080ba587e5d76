/** The words of the programme: session kinds and formats, segment kinds, people's roles. */
export const SESSION_KINDS = [
  'plenary',
  'lecture',
  'oral_abstracts',
  'poster',
  'forum',
  'young_physician',
  'guideline_release',
  'regulatory',
  'ceremony',
  'satellite_symposium',
  'panel',
  'break',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

export const SEGMENT_KINDS = ['talk', 'commentary', 'discussion', 'lecture', 'break', 'ceremony', 'video_message', 'panel', 'qa', 'other'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export const SESSION_ROLES = ['chair', 'moderator', 'speaker', 'commentator', 'panelist'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];
