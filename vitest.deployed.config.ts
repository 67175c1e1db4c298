import { defineConfig } from 'vitest/config';

/**
 * `npm run test:deployed`: the integration files named `*.deployable.test.ts` (they use no
 * `/local/*` route), against the API at `TEST_API_URL`. `npm test` runs them too, on an
 * embedded runtime, with everything else.
 */
if (!process.env.TEST_API_URL) {
  throw new Error(
    'npm run test:deployed needs TEST_API_URL; see "Testing against a deployed stack" in the README',
  );
}

export default defineConfig({
  test: {
    include: ['test/integration/**/*.deployable.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
