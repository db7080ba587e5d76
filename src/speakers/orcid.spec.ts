import { isValidOrcid } from './orcid.js';

describe('ORCID check digit', () => {
  it('accepts valid iDs and refuses bad ones', () => {
    expect(isValidOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('0000-0002-1694-233X')).toBe(true);
    expect(isValidOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isValidOrcid('0000-0002-1825-009')).toBe(false);
    expect(isValidOrcid(42)).toBe(false);
  });
});
