import { disclosureStatement, validUntil } from './disclosure-statement.js';

describe('disclosure statements', () => {
  it('says nothing to disclose, or lists companies by kind', () => {
    expect(disclosureStatement({ nothingToDisclose: true, relationships: [] })).toBe('Nothing to disclose');
    expect(disclosureStatement(null)).toBe('No disclosure on file');
    expect(
      disclosureStatement({
        nothingToDisclose: false,
        relationships: [
          { company: 'Acme Pharma', kind: 'consulting_advisory' },
          { company: 'Beta Bio', kind: 'research_funding' },
          { company: 'Gamma Gene', kind: 'consulting_advisory' },
        ],
      }),
    ).toBe('Consulting or advisory role: Acme Pharma, Gamma Gene; Research funding: Beta Bio');
  });

  it('is valid for twelve months', () => {
    expect(validUntil(new Date('2025-03-01T00:00:00Z')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
