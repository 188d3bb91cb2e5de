// The Go peer of npm run bench: what every kyaml-based catalog function does at the least, a
// yaml.v3 decode of the whole ResourceList into nodes (comments kept) and an encode back to
// stdout, with nothing done in between. Built by scripts/bench/go-peer.mjs only when Debian's go
// and golang-gopkg-yaml.v3-dev are installed (GOPATH=/usr/share/gocode, GO111MODULE=off).
// fail exits without the deferred write: a failed run is not measured.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"
)

func main() {
	defer writePeakMemory()
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(in, &doc); err != nil {
		fail(err)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := yaml.NewEncoder(out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		fail(err)
	}
	if err := enc.Close(); err != nil {
		fail(err)
	}
	if err := out.Flush(); err != nil {
		fail(err)
	}
}

// writePeakMemory writes, as scripts/bench/rss.cjs does for node, the peak resident memory (kB)
// to $BENCH_RSS_FILE and the CPU time used (ms, user + system, all threads) to $BENCH_CPU_FILE.
func writePeakMemory() {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return
	}
	cpu := time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	if file := os.Getenv("BENCH_RSS_FILE"); file != "" {
		_ = os.WriteFile(file, []byte(fmt.Sprint(usage.Maxrss)), 0o644) // kB on Linux, as node's maxRSS
	}
	if file := os.Getenv("BENCH_CPU_FILE"); file != "" {
		_ = os.WriteFile(file, []byte(fmt.Sprintf("%.3f", float64(cpu)/1e6)), 0o644)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-roundtrip:", err)
	os.Exit(1)
}
