export * from './bmlt.module';
export * from './bmlt-formats';
export * from './bmlt-ids';
export * from './bmlt-fields';
export { BMLT_CACHE_CONTROL } from './bmlt.controller';
