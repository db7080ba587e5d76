import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class AbstractBookQueryDto {
  @ApiPropertyOptional({ enum: ['zh', 'en'], description: 'The language of the book (else Accept-Language, else English)' })
  @IsOptional()
  @IsIn(['zh', 'en'], { message: 'lang must be "zh" or "en"' })
  lang?: 'zh' | 'en';

  @ApiPropertyOptional({ type: Boolean, description: 'Organisers: a draft with every placed abstract, embargoed or not, marked DRAFT on every page' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'draft must be true or false' })
  draft?: boolean;
}
