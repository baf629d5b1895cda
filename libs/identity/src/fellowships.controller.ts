import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@homegroup/operations';
import { FellowshipEntity } from './entities/fellowship.entity';

@ApiTags('fellowships')
@Controller('fellowships')
export class FellowshipsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The fellowships Homegroup knows and their relationship kinds (data, not code)' })
  @ApiOkResponse({ type: [FellowshipEntity] })
  list(): Promise<FellowshipEntity[]> {
    return this.dataSource.getRepository(FellowshipEntity).find({ order: { code: 'ASC' } });
  }
}
