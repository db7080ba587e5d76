import type { SpeakerEntity } from './speaker.entity.js';
import type { MySpeakerProfileResponseDto, SpeakerResponseDto } from './speakers.dto.js';

/** The caller's own profile (the profiles table holds no email; none is added here). */
export const toMySpeakerProfile = (s: SpeakerEntity): MySpeakerProfileResponseDto => ({
  id: s.id,
  name: s.name,
  honorific: s.honorific,
  titles: s.titles,
  affiliations: s.affiliations,
  country: s.country,
  bio: s.bio,
  photoUrl: s.photoUrl,
  orcid: s.orcid,
});

/** A profile as anyone may see it (no account, no ORCID). */
export const toSpeakerResponse = (s: Pick<SpeakerEntity, 'id' | 'name' | 'honorific' | 'titles' | 'affiliations' | 'country' | 'bio' | 'photoUrl'>): SpeakerResponseDto => ({
  id: s.id,
  name: s.name,
  honorific: s.honorific,
  titles: s.titles,
  affiliations: s.affiliations,
  country: s.country,
  bio: s.bio,
  photoUrl: s.photoUrl,
});
