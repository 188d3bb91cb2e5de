// Preloaded into each benchmarked node process (node -r): on exit, writes its peak resident
// memory (kB) to $BENCH_RSS_FILE and, when $BENCH_CPU_FILE is set, the CPU time it used there (ms,
// user + system, all threads, from the start of the process): on a busy machine CPU time varies
// less than wall time. (test/e2e/memory.test.ts reads BENCH_RSS_FILE too.)
process.on('exit', () => {
  const { writeFileSync } = require('node:fs');
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(maxRSS));
  if (process.env.BENCH_CPU_FILE) writeFileSync(process.env.BENCH_CPU_FILE, String((userCPUTime + systemCPUTime) / 1000));
});
