// Preloaded into each benchmarked process (node -r): writes its peak resident memory on exit.
process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
});
