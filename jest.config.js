/** Unit tests sit next to the code (functions/src/**\/*.test.ts); end-to-end tests live in test/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/functions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // base/*.yaml is embedded in the bundle as text; under jest it is read from disk instead.
  moduleNameMapper: { '\\.ya?ml$': '<rootDir>/test/support/yaml-text-loader.js' },
  testTimeout: 60000,
};
