import type { FinancialRelationship, RelationshipKind } from './disclosure.entity.js';

const KIND_LABELS: Record<RelationshipKind, string> = {
  consulting_advisory: 'Consulting or advisory role',
  speakers_bureau: "Speakers' bureau",
  research_funding: 'Research funding',
  honoraria: 'Honoraria',
  stock_ownership: 'Stock or ownership',
  employment: 'Employment',
  travel: 'Travel, accommodation, expenses',
  other: 'Other',
};

/** The one-line statement shown beside a person's name (and on their first slide). */
export function disclosureStatement(d: { nothingToDisclose: boolean; relationships: FinancialRelationship[] } | null): string {
  if (!d) return 'No disclosure on file';
  if (d.nothingToDisclose) return 'Nothing to disclose';
  const byKind = new Map<RelationshipKind, string[]>();
  for (const r of d.relationships) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.company]);
  return [...byKind].map(([kind, companies]) => `${KIND_LABELS[kind]}: ${[...new Set(companies)].join(', ')}`).join('; ');
}

/** Twelve months from the moment of disclosure. */
export function validUntil(disclosedAt: Date): Date {
  const d = new Date(disclosedAt);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}
