import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import { JOBS_OPTIONS, JobsOptions, JobsService } from './jobs.service';

@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOBS_OPTIONS, useValue: options },
        {
          provide: JobsService,
          inject: [AppConfig, JOBS_OPTIONS],
          useFactory: (config: AppConfig, opts: JobsOptions) => new JobsService(config, opts),
        },
      ],
      exports: [JobsService],
    };
  }
}
