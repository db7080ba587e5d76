import { ValidateBy, type ValidationOptions } from 'class-validator';

/** An ORCID iD (0000-0002-1825-0097) with a valid ISO 7064 11,2 check digit. */
export function isValidOrcid(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(value)) return false;
  const digits = value.replace(/-/g, '');
  let total = 0;
  for (const ch of digits.slice(0, 15)) total = (total + Number(ch)) * 2;
  const result = (12 - (total % 11)) % 11;
  const check = result === 10 ? 'X' : String(result);
  return digits[15] === check;
}

export function IsOrcid(options?: ValidationOptions) {
  return ValidateBy(
    { name: 'isOrcid', validator: { validate: isValidOrcid, defaultMessage: () => 'orcid must be an ORCID iD like 0000-0002-1825-0097 with a valid check digit' } },
    options,
  );
}
