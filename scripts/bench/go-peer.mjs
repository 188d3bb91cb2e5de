// The Go yaml.v3 round-trip peer (go-roundtrip/main.go), built into a temporary directory when
// go and Debian's golang-gopkg-yaml.v3-dev are installed; otherwise the reason it is left out.
// Debian lays yaml.v3 out as a GOPATH tree under /usr/share/gocode, so the build runs in GOPATH
// mode (GO111MODULE=off), offline.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOPATH = '/usr/share/gocode';
const YAML_V3 = join(GOPATH, 'src/gopkg.in/yaml.v3');
const here = dirname(fileURLToPath(import.meta.url));

/** { binary } when built, else { absent: why }. */
export function buildGoPeer(tmp) {
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return { absent: 'go is not installed (apt-get install golang-go golang-gopkg-yaml.v3-dev)' };
  if (!existsSync(YAML_V3)) return { absent: `${YAML_V3} is missing (apt-get install golang-gopkg-yaml.v3-dev)` };
  const binary = join(tmp, 'go-roundtrip');
  const env = { ...process.env, GOPATH, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(tmp, 'gocache'), CGO_ENABLED: '0' };
  const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: join(here, 'go-roundtrip'), env, encoding: 'utf8' });
  if (build.status !== 0) return { absent: `go build failed: ${(build.stderr || String(build.error)).trim().slice(0, 300)}` };
  return { binary, version: version.stdout.trim() };
}
