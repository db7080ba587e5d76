import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from '../errors/error-codes.js';

export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ enum: Object.keys(ERROR_CODES), example: 'ROOM_OCCUPIED' })
  code: string;

  @ApiProperty({ example: 'Room A is occupied from 09:00 to 10:00' })
  message: string;

  @ApiPropertyOptional({ description: 'Offending fields (validation) or the clashing rows (conflicts).' })
  details?: unknown;

  @ApiPropertyOptional({ description: 'Present on 500: names the request in the logs.' })
  requestId?: string;
}
