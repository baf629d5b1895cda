import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FellowshipEntity } from '@homegroup/identity';
import { MeetingTypeEntity } from '../entities/meeting-type.entity';

/** The reference rows the meeting rules read: the type vocabulary and the fellowships. */
@Injectable()
export class MeetingReferenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  meetingTypes(): Promise<MeetingTypeEntity[]> {
    return this.dataSource.getRepository(MeetingTypeEntity).find({ order: { vocabulary: 'ASC', code: 'ASC' } });
  }

  fellowships(): Promise<FellowshipEntity[]> {
    return this.dataSource.getRepository(FellowshipEntity).find();
  }
}
