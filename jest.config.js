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
  // Catches a hang, not slowness: a busy 2-core machine makes some end-to-end tests take many times
  // their idle duration.
  testTimeout: 180000,
  setupFiles: ['<rootDir>/test/support/verify-reprint.js'],
  // Removes the temporary directories each test file made with tempDir() (test/support/temp-dirs.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/remove-temp-dirs.ts'],
};
