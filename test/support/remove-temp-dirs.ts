// Jest setup after the test framework (jest.config.js): the temporary directories a test file
// made with tempDir() go when its tests are done.
import { removeTempDirs } from './temp-dirs';

afterAll(removeTempDirs);
