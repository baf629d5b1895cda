import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class GroupResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'NA' })
  fellowship: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;

  @ApiProperty()
  published: boolean;

  @ApiProperty({ example: 90, description: 'Days a meeting listing stays verified after a lead confirms or edits it' })
  verificationCadenceDays: number;

  @ApiProperty()
  updatedAt: string;

  @ApiPropertyOptional({ description: 'Only for the group’s leads and admins: whether you may change it' })
  canManage?: boolean;
}
