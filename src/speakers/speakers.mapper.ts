import type { SpeakerEntity } from './speaker.entity.js';
import type { MySpeakerProfileResponseDto } from './speakers.dto.js';

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
