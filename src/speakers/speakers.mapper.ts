import type { SpeakerEntity } from './speaker.entity.js';
import type { MySpeakerProfileResponseDto, SpeakerResponseDto } from './speakers.dto.js';

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

/** The caller's own profile: the public one and the ORCID (the profiles table holds no email; none is added here). */
export const toMySpeakerProfile = (s: SpeakerEntity): MySpeakerProfileResponseDto => ({ ...toSpeakerResponse(s), orcid: s.orcid });
