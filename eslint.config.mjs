// Lint rules that encode the team's habits (brocoders' eslint.config.mjs, typescript-eslint type-checked).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.cjs', '**/*.mjs', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='it'] > Literal:first-child:not([value=/^should /])",
          message: "Test names start with 'should …'",
        },
        {
          selector: "ExportDefaultDeclaration",
          message: 'Named exports only (the TypeORM CLI data source is the one exception)',
        },
      ],
    },
  },
  {
    // The web app runs in the browser (its own tsconfig with the DOM libs; ADR 0024).
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // An optional field says what its `null` means (ADR 0021): @OptionalNotNull (400) or @OptionalNullable.
    // The environment is no request input: libs/config keeps class-validator's IsOptional.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/config/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'IsOptional lets null through to the service (a 500): use OptionalNotNull or OptionalNullable from @homegroup/operations',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/database/src/data-source.ts', 'test/setup/global-setup.ts', 'test/setup/global-teardown.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
