// Preloaded into the built function (node -r) by test/e2e/cli.test.ts: creates process.stdin
// before the function reads, which switches a pipe on descriptor 0 to non-blocking mode, as a
// parent that shares its own pipe may hand it over. A blocking read then fails with EAGAIN
// whenever the writer has not written yet, and the function must read the rest as a stream.
void process.stdin;
