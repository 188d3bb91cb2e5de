/**
 * Every skipped block prints one line that says what is skipped and why, and points at the
 * README's "Tests" section, which explains each reason (kpt or kubectl missing, the KServe
 * reference material absent) and how to run what was skipped.
 */
export function announceSkip(what: string, why: string): void {
  process.stderr.write(`SKIPPED: ${what}: ${why} (README.md, "Tests")\n`);
}

/** Why tests over KServe's own files skip: they read ../shared/kserve beside the repository. */
export const NO_REFERENCE = 'no KServe v0.20.0 reference material in ../shared/kserve beside the repository';
