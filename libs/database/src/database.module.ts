import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@homegroup/config';
import { buildDataSourceOptions } from './data-source-options';

@Module({})
export class DatabaseModule {
  static forRoot(applicationName = 'homegroup'): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            buildDataSourceOptions({
              url: config.databaseUrl,
              poolSize: config.database.poolSize,
              applicationName,
            }),
        }),
      ],
    };
  }
}
