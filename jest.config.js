/** Unit tests sit next to the code (functions/src/**\/*.test.ts); end-to-end tests live in test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/functions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '^.+\\.yaml$': '<rootDir>/test/support/yaml-text-transform.js',
  },
  // base/*.yaml is embedded in the bundle as text (see functions/src/plan/base-configs.ts).
  moduleFileExtensions: ['ts', 'js', 'json', 'yaml'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/support/verify-reprint.js'],
};
