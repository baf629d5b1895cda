import { DynamicModule, Global, Module } from '@nestjs/common';
import { FieldCipher } from '@homegroup/crypto';
import { AppConfig } from './app-config';

/** Provides the one validated {@link AppConfig} and the field cipher built from its keys to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: FieldCipher, useValue: new FieldCipher(config.fieldKeys) },
      ],
      exports: [AppConfig, FieldCipher],
    };
  }
}
