import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'coverage', '.data', '.scratch', 'logs', 'db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/db/*', '**/adapters/*'], message: 'engine/ reaches I/O only through ports' },
            {
              group: [
                'hono',
                'hono/*',
                'pg-boss',
                'twilio',
                'openai',
                'ioredis',
                'postgres',
                'drizzle-orm',
                'drizzle-orm/*',
                '@electric-sql/*',
              ],
              message: 'engine/ reaches I/O only through ports',
            },
          ],
        },
      ],
    },
  },
);
