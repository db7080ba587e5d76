/**
 * The life of a submission, as pure logic (no database): which action may move which state where.
 *
 *   draft ──submit──▶ submitted ──accept──▶ accepted ──confirm──▶ confirmed
 *                          └─────reject──▶ rejected
 *   draft | submitted | accepted | confirmed ──withdraw──▶ withdrawn   (never once scheduled)
 */
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'accepted', 'rejected', 'confirmed', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const SUBMISSION_ACTIONS = ['submit', 'accept', 'reject', 'confirm', 'withdraw'] as const;
export type SubmissionAction = (typeof SUBMISSION_ACTIONS)[number];

const TRANSITIONS: Record<SubmissionAction, Partial<Record<SubmissionStatus, SubmissionStatus>>> = {
  submit: { draft: 'submitted' },
  accept: { submitted: 'accepted' },
  reject: { submitted: 'rejected' },
  confirm: { accepted: 'confirmed' },
  withdraw: { draft: 'withdrawn', submitted: 'withdrawn', accepted: 'withdrawn', confirmed: 'withdrawn' },
};

/** The state `action` leads to from `from`, or null when the transition is not allowed. */
export function nextStatus(from: SubmissionStatus, action: SubmissionAction, opts: { scheduled?: boolean } = {}): SubmissionStatus | null {
  if (action === 'withdraw' && opts.scheduled) return null;
  return TRANSITIONS[action][from] ?? null;
}

/** The states from which `action` is allowed (for `UPDATE … WHERE status = ANY(…)`). */
export function statusesAllowing(action: SubmissionAction): SubmissionStatus[] {
  return Object.keys(TRANSITIONS[action]) as SubmissionStatus[];
}

/** Content (title, abstract, speakers…) may change only before a decision. */
export function isEditable(status: SubmissionStatus): boolean {
  return status === 'draft' || status === 'submitted';
}

/** Every (state, action) pair that is refused: the e2e tests walk them all. */
export function forbiddenTransitions(): [SubmissionStatus, SubmissionAction][] {
  return SUBMISSION_STATUSES.flatMap((s) => SUBMISSION_ACTIONS.filter((a) => nextStatus(s, a) === null).map((a) => [s, a] as [SubmissionStatus, SubmissionAction]));
}
