import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import type { LocalizedText } from './localized-text.js';

/** A bilingual text in a request: `{ en?, zh? }` with at least one non-empty value. */
export class LocalizedTextDto implements LocalizedText {
  @ApiPropertyOptional({ example: 'Leukemia' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  en?: string;

  @ApiPropertyOptional({ example: '白血病' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  zh?: string;
}

/** Long bilingual text (descriptions, abstracts). */
export class LocalizedLongTextDto implements LocalizedText {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  en?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  zh?: string;
}

/** Put beside `@ValidateNested() @Type(() => LocalizedTextDto)`: requires `en` or `zh`. */
export function HasSomeLanguage(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'hasSomeLanguage',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          ['en', 'zh'].some((k) => typeof (value as Record<string, unknown>)[k] === 'string' && (value as Record<string, string>)[k].trim() !== ''),
        defaultMessage: (args) => `${args?.property} needs a text in "en" or "zh" (or both)`,
      },
    },
    options,
  );
}
