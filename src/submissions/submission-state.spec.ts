import { forbiddenTransitions, isEditable, nextStatus, statusesAllowing } from './submission-state.js';

describe('submission state machine', () => {
  it('walks the happy path', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'accept')).toBe('accepted');
    expect(nextStatus('submitted', 'reject')).toBe('rejected');
    expect(nextStatus('accepted', 'confirm')).toBe('confirmed');
  });

  it('allows withdrawal before scheduling only', () => {
    for (const s of ['draft', 'submitted', 'accepted', 'confirmed'] as const) expect(nextStatus(s, 'withdraw')).toBe('withdrawn');
    expect(nextStatus('accepted', 'withdraw', { scheduled: true })).toBeNull();
    expect(nextStatus('confirmed', 'withdraw', { scheduled: true })).toBeNull();
    expect(nextStatus('rejected', 'withdraw')).toBeNull();
    expect(nextStatus('withdrawn', 'withdraw')).toBeNull();
  });

  it('refuses everything else', () => {
    expect(nextStatus('draft', 'accept')).toBeNull();
    expect(nextStatus('draft', 'confirm')).toBeNull();
    expect(nextStatus('submitted', 'submit')).toBeNull();
    expect(nextStatus('submitted', 'confirm')).toBeNull();
    expect(nextStatus('rejected', 'accept')).toBeNull();
    expect(nextStatus('accepted', 'reject')).toBeNull();
    expect(nextStatus('confirmed', 'confirm')).toBeNull();
    expect(nextStatus('withdrawn', 'submit')).toBeNull();
    // 6 states × 5 actions = 30 pairs, 8 allowed
    expect(forbiddenTransitions()).toHaveLength(22);
  });

  it('lists the source states of an action and freezes content after a decision', () => {
    expect(statusesAllowing('withdraw').sort()).toEqual(['accepted', 'confirmed', 'draft', 'submitted']);
    expect(isEditable('draft')).toBe(true);
    expect(isEditable('submitted')).toBe(true);
    for (const s of ['accepted', 'rejected', 'confirmed', 'withdrawn'] as const) expect(isEditable(s)).toBe(false);
  });
});
