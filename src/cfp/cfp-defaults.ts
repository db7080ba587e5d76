/** Submission types and their durations (minutes); review criteria. Editions without their own settings use these. */
export const SUBMISSION_TYPES = ['talk', 'oral_abstract', 'poster_abstract', 'young_physician_talk', 'lecture', 'late_breaking_abstract'] as const;
export type SubmissionType = (typeof SUBMISSION_TYPES)[number];

/** A young-physician talk slot is strictly five minutes. */
export const YOUNG_PHYSICIAN_MAX_MINUTES = 5;

export interface SubmissionTypeSetting {
  type: SubmissionType;
  enabled: boolean;
  defaultMinutes: number;
  maxMinutes: number;
}

export interface ReviewCriterion {
  key: string;
  label: { en?: string; zh?: string };
}

export const DEFAULT_TYPES: SubmissionTypeSetting[] = [
  { type: 'talk', enabled: true, defaultMinutes: 15, maxMinutes: 20 },
  { type: 'oral_abstract', enabled: true, defaultMinutes: 8, maxMinutes: 10 },
  { type: 'poster_abstract', enabled: true, defaultMinutes: 3, maxMinutes: 5 },
  { type: 'young_physician_talk', enabled: true, defaultMinutes: 5, maxMinutes: 5 },
  { type: 'lecture', enabled: true, defaultMinutes: 30, maxMinutes: 45 },
  { type: 'late_breaking_abstract', enabled: true, defaultMinutes: 8, maxMinutes: 10 },
];

export const DEFAULT_CRITERIA: ReviewCriterion[] = [
  { key: 'novelty', label: { en: 'Novelty', zh: '创新性' } },
  { key: 'clinical_relevance', label: { en: 'Clinical relevance', zh: '临床相关性' } },
  { key: 'strength_of_evidence', label: { en: 'Strength of evidence', zh: '证据强度' } },
];

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
