export * from './entities/group.entity';
export * from './entities/meeting.entity';
export * from './geo';
export * from './meeting-search.repository';
export * from './meetings.module';
export * from './schedule';
export * from './demo-meetings.seed';
export * from './meeting-import.service';
