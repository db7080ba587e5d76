import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The layers of src/ (see CONTRIBUTING.md): `common` (no domain knowledge) ← `access` (the access
 * policy; may use `users`) ← the domain modules ← the application root (`src/*.ts`). A module's
 * repositories and entities are its own: other modules use its exported service.
 */
const layers = {
  plugins: { boundaries },
  files: ['src/**/*.ts'],
  settings: {
    'boundaries/elements': [
      { type: 'common', pattern: 'src/common' },
      { type: 'access', pattern: 'src/access' },
      { type: 'database', pattern: 'src/database' },
      { type: 'module', pattern: 'src/*', capture: ['module'] },
    ],
    'boundaries/files': [
      { category: 'repository', pattern: '**/*.repository.ts' },
      { category: 'entity', pattern: '**/*.entity.ts' },
      { category: 'root', pattern: 'src/*.ts' },
    ],
    'import/resolver': { typescript: { project: './tsconfig.json' } },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'allow',
        policies: [
          {
            from: { element: { type: 'common' } },
            disallow: { to: { element: { types: { anyOf: ['module', 'access', 'database'] } } } },
            message: 'src/common knows no domain module: move the code into the module, or pass what it needs in',
          },
          {
            from: { element: { type: 'common' } },
            disallow: { dependency: { kind: 'value' }, to: { file: { categories: 'root' } } },
            message: 'src/common may only import types from the application root (ErrorCode)',
          },
          {
            from: { element: { type: 'access' } },
            disallow: { to: { element: { type: 'module', captured: { module: '!users' } } } },
            message: 'src/access is below the domain modules: it may use users, never a domain module',
          },
          {
            disallow: { to: { element: { type: 'module', captured: { module: '!{{ from.captured.module }}' } }, file: { categories: 'repository' } } },
            message: "A repository is used only inside its module: call the owner's exported service",
          },
          {
            disallow: { to: { element: { type: 'access' }, file: { categories: 'repository' } } },
            message: "A repository is used only inside its module: call the owner's exported service",
          },
          {
            disallow: {
              dependency: { kind: 'value' },
              to: { element: { types: { anyOf: ['module', 'access'] }, captured: { module: '!{{ from.captured.module }}' } }, file: { categories: 'entity' } },
            },
            message: "An entity is used only inside its module: call the owner's exported service",
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  layers,
  {
    // One CSV path (src/common/csv.ts): formula escaping, the BOM and CRLF hold for every export.
    files: ['src/**/*.ts'],
    ignores: ['src/common/csv.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['csv-stringify', 'csv-stringify/*'], message: 'Write CSV with toCsv() from src/common/csv.ts (formula escaping, BOM, CRLF)' }] }],
    },
  },
  {
    // The composition points (entities.ts, the application root src/*.ts) list every module; the demo
    // and synthetic seeders bulk-load every module's tables in one transaction (see CONTRIBUTING.md).
    files: ['src/database/entities.ts', 'src/seed/**/*.ts', 'src/*.ts'],
    rules: { 'boundaries/dependencies': 'off' },
  },
);
