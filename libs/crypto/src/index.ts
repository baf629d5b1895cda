export * from './field-cipher';
export * from './encrypted-columns';
