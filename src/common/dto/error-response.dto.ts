import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  /** The document lists the codes of the composed catalog here (`buildOpenApiDocument`). */
  @ApiProperty({ example: 'ROOM_OCCUPIED' })
  code: string;

  @ApiProperty({ example: 'Room A is occupied from 09:00 to 10:00' })
  message: string;

  /** An array (offending fields `{ field, messages }`, clashing rows) or, for a few codes, one object (e.g. `{ status }`). */
  @ApiPropertyOptional({
    description: 'Offending fields `[{ field, messages }]` (validation), the clashing rows (conflicts), or one object of facts (e.g. `{ status }`).',
    anyOf: [
      { type: 'array', items: { type: 'object', additionalProperties: true } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: unknown;

  @ApiPropertyOptional({ type: String, description: 'Present on 500: names the request in the logs.' })
  requestId?: string;
}
