import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * NIST SP 800-63B rev. 4 §3.1.1.2: a password that is the only factor must have at least 15
 * characters, counted as Unicode code points; at least 64 must be allowed; no composition rules;
 * refuse values from lists of common, expected or compromised passwords.
 */
export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable" (about 10^8 guesses and more). */
export const PASSWORD_MIN_SCORE = 3;

// zxcvbn-ts with its common-password list (the ~30k most used passwords), English words and names,
// and keyboard adjacency graphs: it also finds repeats, sequences, dates and l33t variations.
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
  graphs: zxcvbnCommon.adjacencyGraphs,
  translations: zxcvbnEn.translations,
});

/**
 * Why a password is refused, or null when it is acceptable. `context` holds what the account
 * already says about its owner (email, name): a password built from them counts as guessable.
 */
export function passwordProblem(password: string, context: readonly string[] = []): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const userInputs = context.flatMap((c) => [c, ...c.split(/[^\p{L}\p{N}]+/u)]).filter((c) => c.length >= 3);
  const result = zxcvbn.check(password, userInputs);
  if (result.score < PASSWORD_MIN_SCORE) {
    const hint = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '')})` : '';
    return `is too easy to guess${hint}: use a longer passphrase of unrelated words`;
  }
  return null;
}

/**
 * The password rule on a DTO property; `contextFields` name the sibling fields (email, name) that
 * the password must not be built from. The message names the property, so the 400 names the field.
 */
export function IsAcceptablePassword(contextFields: string[] = [], options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          return typeof value === 'string' && passwordProblem(value, contextOf(args, contextFields)) === null;
        },
        defaultMessage(args: ValidationArguments) {
          const value: unknown = args.value;
          if (typeof value !== 'string') return `${args.property} must be a string`;
          return `${args.property} ${passwordProblem(value, contextOf(args, contextFields)) ?? 'is not acceptable'}`;
        },
      },
    });
}

const contextOf = (args: ValidationArguments, fields: string[]) =>
  fields.map((f) => (args.object as Record<string, unknown>)[f]).filter((v): v is string => typeof v === 'string');
