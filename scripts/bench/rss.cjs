// Preloaded into each benchmarked node process (node -r): writes its peak resident memory (kB)
// and the CPU time it used (ms, user + system, all threads, from the start of the process) on
// exit, as JSON. On a busy machine CPU time varies less than wall time.
process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (!file) return;
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  require('node:fs').writeFileSync(file, JSON.stringify({ kb: maxRSS, cpuMs: (userCPUTime + systemCPUTime) / 1000 }));
});
