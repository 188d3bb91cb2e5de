/**
 * Temporary directories of a test file, removed after its last test (jest.config.js runs
 * removeTempDirs in an afterAll of every test file): a test that creates one with tempDir()
 * cannot leave it behind in the system's temporary directory, whether it passes or fails.
 * Jest loads modules per test file, so each file has its own list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** A new directory in the system's temporary directory, named `prefix` + random characters. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
