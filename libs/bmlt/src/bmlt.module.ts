import { Module } from '@nestjs/common';
import { BmltController } from './bmlt.controller';
import { BmltRepository } from './bmlt.repository';
import { BmltService } from './bmlt.service';

/** BMLT's Semantic API over the meetings tables (read only; ADR 0041). */
@Module({
  controllers: [BmltController],
  providers: [BmltRepository, BmltService],
})
export class BmltModule {}
