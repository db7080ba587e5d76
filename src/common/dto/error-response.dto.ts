import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  /** The document lists the codes of the composed catalog here (`buildOpenApiDocument`). */
  @ApiProperty({ example: 'ROOM_OCCUPIED' })
  code: string;

  @ApiProperty({ example: 'Room A is occupied from 09:00 to 10:00' })
  message: string;

  @ApiPropertyOptional({ description: 'Offending fields (validation) or the clashing rows (conflicts).' })
  details?: unknown;

  @ApiPropertyOptional({ description: 'Present on 500: names the request in the logs.' })
  requestId?: string;
}
