// @ts-check
import astro from 'eslint-plugin-astro';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'data/', 'test-results/'] },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['astro', 'astro:*', 'astro/*'], message: 'src/core never imports Astro.' }] },
      ],
    },
    files: ['src/core/**/*.ts'],
  },
  {
    // Migrations are frozen in time and typed Kysely<any> by design; tests poke at raw rows.
    files: ['src/core/db/**/*.ts', 'test/**/*.ts', 'plugins/*/migrations/**/*.ts', 'plugins/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
