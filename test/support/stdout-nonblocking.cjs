// Preloaded into the built function (node -r) by test/e2e/stdout-nonblocking.test.ts: creates
// process.stdout before the function writes, which on Linux switches a pipe on descriptor 1 to
// non-blocking mode (libuv's pipe), as a parent that shares its own pipe may hand it over. A
// blocking write then fails with EAGAIN whenever the pipe is full, and the function must write
// the rest through the stream.
void process.stdout;
