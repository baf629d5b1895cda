/**
 * One Jest run, five projects:
 *   unit         *.spec.ts beside pure logic (no database); test/web/*.spec.ts: the web app's catalogs and client
 *   integration  test/integration/**\/*.int-spec.ts: services + repositories on a real PostgreSQL
 *   e2e          test/e2e/**\/*.e2e-spec.ts: the real app over real HTTP and socket.io-client
 *   scaleout     test/scaleout: two api processes sharing Redis (needs REDIS_URL and a build)
 *   web          test/web/**\/*.web-spec.ts: the built web app in Chromium (npm run test:web builds first)
 * The global setup starts the embedded PostgreSQL unless DATABASE_URL is set, and migrates a template
 * database once; each test file clones its own database from it.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..');

// ESM-only packages (NestJS 12 and a few dependencies) are compiled to CommonJS by swc like our own code.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
  'uint8array-extras',
  'load-esm',
  'content-disposition',
  'cookie',
];

const swc = [
  '@swc/jest',
  {
    swcrc: false,
    sourceMaps: 'inline',
    module: { type: 'commonjs', ignoreDynamic: false },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      // The global setup runs outside Jest's module map, so aliases are rewritten at compile time too.
      baseUrl: root,
      paths: { '@homegroup/*': ['libs/*/src'] },
    },
  },
];

const base = {
  rootDir: root,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '^@homegroup/(.*)$': '<rootDir>/libs/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

module.exports = {
  rootDir: root,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: process.env.CI ? 2 : '50%',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/web/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/contract-tally.ts'],
    },
    { ...base, displayName: 'scaleout', testMatch: ['<rootDir>/test/scaleout/**/*.e2e-spec.ts'] },
    // Browser tests (npm run test:web): Debian's chromium through playwright-core, against the built web app.
    { ...base, displayName: 'web', testMatch: ['<rootDir>/test/web/**/*.web-spec.ts'] },
  ],
};
