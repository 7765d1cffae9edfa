#!/usr/bin/env bash
# test.sh is the container test: it builds the challenge image from the
# Dockerfile and runs it on the demo dataset against the offline grader,
# on a machine without Docker Hub access.
#
#   1. installs Debian's docker.io and debootstrap when missing;
#   2. starts a private dockerd (vfs storage, no iptables, no bridge; its
#      own data root, exec root, pid file and socket), stopped on exit;
#   3. creates the base images the Dockerfile names (base-images.sh);
#   4. docker build --network host with BuildKit; the build cache this build
#      used is kept for the next run, the rest pruned;
#   5. runs bin/policyqa on the host and the image's CMD in a container
#      (--network host, root file system read-only, dataset mounted
#      read-only, work folder mounted), each against its own grader on
#      127.0.0.1, then the image once more with no network but the grader's
#      (the grader in a second container, sharing only its loopback), and
#      the reader benchmark with the test model mounted as POLICYQA_MODEL;
#   6. asserts every problem answered, end_of_mission received, no invalid
#      message, and the container's scores equal the host's.
#
# Needs root and bin/policyqa (make build). The daemon's data root and the
# base images are cached in .cache/docker (POLICYQA_DOCKER_CACHE); outputs go
# to work/docker-test. POLICYQA_DOCKER_CLEAN=1 starts from an empty cache.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
cache="${POLICYQA_DOCKER_CACHE:-$root/.cache/docker}"
image="${POLICYQA_IMAGE:-policyqa:test}"
dataset="$root/examples/demo/dataset"
out="$root/work/docker-test"
start=$SECONDS

log() { echo "docker-test: $*"; }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
fail() {
	echo "docker-test: FAIL: $*" >&2
	exit 1
}

[[ "$(id -u)" -eq 0 ]] || fail "needs root (dockerd, debootstrap)"
[[ -x bin/policyqa ]] || fail "bin/policyqa missing: run make build first"

# 1. Tools.
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [[ ${#need[@]} -gt 0 ]]; then
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian's client speaks the daemon's API and has the classic builder.
docker=/usr/bin/docker
[[ -x "$docker" ]] || docker="$(command -v docker)"
export DOCKER_BUILDKIT=1

if [[ "${POLICYQA_DOCKER_CLEAN:-0}" == 1 ]]; then
	log "POLICYQA_DOCKER_CLEAN=1: removing $cache"
	rm -rf "$cache"
fi
mkdir -p "$cache" "$out"
# One run at a time per cache (the daemon's data root is not shareable).
exec 9>"$cache/lock"
flock -w 3600 9 || fail "another docker test holds $cache/lock"

# 2. A private daemon.
run="$(mktemp -d /tmp/policyqa-docker.XXXXXX)"
export DOCKER_HOST="unix://$run/docker.sock"
dpid=""
gpid=""
cleanup() {
	local rc=$?
	[[ -n "$gpid" ]] && kill "$gpid" 2>/dev/null || true
	if [[ -n "$dpid" ]]; then
		"$docker" rm -f policyqa-test-grader >/dev/null 2>&1 || true
		kill "$dpid" 2>/dev/null || true
		for _ in $(seq 60); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$dpid" 2>/dev/null || true
		wait "$dpid" 2>/dev/null || true
	fi
	# Mounts the daemon may have left under its exec root.
	awk -v r="$run" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
	rm -rf "$run"
	[[ $rc -eq 0 ]] || echo "docker-test: failed after $((SECONDS - start))s (logs in $out)" >&2
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
	--data-root "$cache/data" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" \
	-H "$DOCKER_HOST" >"$out/dockerd.log" 2>&1 &
dpid=$!
for _ in $(seq 120); do
	"$docker" info >/dev/null 2>&1 && break
	kill -0 "$dpid" 2>/dev/null || { tail -20 "$out/dockerd.log" >&2; fail "dockerd exited"; }
	sleep 0.5
done
"$docker" info >/dev/null 2>&1 || { tail -20 "$out/dockerd.log" >&2; fail "dockerd did not come up"; }
log "dockerd $("$docker" version -f '{{.Server.Version}}') up (pid $dpid, data root $cache/data)"

# 3. Base images.
t=$SECONDS
DOCKER="$docker" scripts/docker/base-images.sh "$cache"
log "base images ready in $((SECONDS - t))s"

# 4. Build (BuildKit: cache mounts for Go modules, Go build cache, cargo).
t=$SECONDS
if ! "$docker" build --network host --progress plain -t "$image" . >"$out/build.log" 2>&1; then
	tail -40 "$out/build.log" >&2
	fail "docker build (log: $out/build.log)"
fi
# Old images of this tag, and build cache this build did not use (vfs keeps
# a full copy of the file system per step).
"$docker" image prune -f >/dev/null
"$docker" builder prune -f --filter "until=$((SECONDS - t + 300))s" >/dev/null ||
	log "warning: docker builder prune failed"
awk '/^#[0-9]+ \[/ {n[$1] = substr($0, length($1) + 2)} /^#[0-9]+ DONE/ && n[$1] != "" {print $3 "\t" n[$1]}' "$out/build.log" |
	sort -rn | head -4 | cut -c1-140 | sed 's/^/docker-test:   step /'
size=$("$docker" image inspect -f '{{.Size}}' "$image")
log "image $image built in $((SECONDS - t))s, size $((size / 1000000)) MB"

# The image's configuration as the challenge wants it.
cfg=$("$docker" image inspect -f '{{.Config.User}} {{.Config.WorkingDir}} {{json .Config.Cmd}}' "$image")
[[ "$cfg" == '1000:1000 /home/agc2022 ["policyqa","run"]' ]] || fail "image config: $cfg"
tz=$("$docker" run --rm --network none "$image" date +%Z)
[[ "$tz" == KST ]] || fail "time zone in the container: $tz"
log "image config ok: user 1000:1000, workdir /home/agc2022, CMD policyqa run, TZ $tz"

# 5. Runs, each against its own grader. wait_addr FILE waits for the
# grader's bound address; finish NAME checks what its grader printed.
wait_addr() {
	for _ in $(seq 200); do
		[[ -s "$1" ]] && return 0
		sleep 0.1
	done
	fail "grader did not start ($1)"
}
finish() {
	local dir="$out/$1" what="$1"
	grep -v '^grader listening' "$dir/scores.out" >"$dir/scores.txt" || true
	grep -q 'end_of_mission true' "$dir/scores.txt" || fail "$what: end_of_mission not received"
	grep -q 'invalid 0, missing 0' "$dir/scores.txt" || fail "$what: invalid or missing answers: $(grep '^messages' "$dir/scores.txt")"
	local line
	# the run's summary line (pipeline.Summary.String)
	line=$(grep -o 'problems [0-9]*, answered [0-9]* (empty because solving failed: [0-9]*)' "$dir/run.log" | tail -1)
	[[ "$line" =~ problems\ ([0-9]+),\ answered\ ([0-9]+)\ \(empty\ because\ solving\ failed:\ 0\) && "${BASH_REMATCH[1]}" == "${BASH_REMATCH[2]}" ]] ||
		fail "$what: not every problem answered: ${line:-no summary}"
	log "$what: $line; grader: $(grep '^messages' "$dir/scores.txt")"
}
# host_grader NAME starts bin/policyqa grade on 127.0.0.1 for run NAME.
host_grader() {
	local dir="$out/$1"
	rm -rf "$dir"
	mkdir -p "$dir/work"
	bin/policyqa grade --dataset "$dataset" --addr 127.0.0.1:0 --addr-file "$dir/grader.addr" >"$dir/scores.out" 2>"$dir/grader.log" &
	gpid=$!
	wait_addr "$dir/grader.addr"
}
# wait_grader: the grader stops after end_of_mission.
wait_grader() {
	for _ in $(seq 300); do
		kill -0 "$gpid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$gpid" 2>/dev/null && fail "grader still running after the run ended"
	wait "$gpid" || fail "grader exit status $?"
	gpid=""
}

# The reference: the host binary.
host_grader host
t0=$(date +%s%3N)
REST_ANSWER_URL="http://$(cat "$out/host/grader.addr")/" AGC_TEAM_ID=demo AGC_HASH=demo \
	ONNXRUNTIME_LIB="${ONNXRUNTIME_LIB:-$root/third_party/onnxruntime/lib/libonnxruntime.so}" \
	bin/policyqa run --dataset "$dataset" --work "$out/host/work" >"$out/host/run.log" 2>&1 ||
	{ tail -20 "$out/host/run.log" >&2; fail "host run exited $?"; }
host_wall=$(($(date +%s%3N) - t0))
wait_grader
finish host

# The image's CMD, read-only root file system: the run may write only to
# the mounted work folder.
host_grader container
chown 1000:1000 "$out/container/work"
t0=$(date +%s%3N)
"$docker" run --rm --network host --read-only \
	-v "$dataset:/home/agc2022/dataset:ro" -v "$out/container/work:/home/agc2022/work" \
	-e REST_ANSWER_URL="http://$(cat "$out/container/grader.addr")/" -e AGC_TEAM_ID=demo -e AGC_HASH=demo \
	"$image" >"$out/container/run.log" 2>&1 ||
	{ tail -20 "$out/container/run.log" >&2; fail "container run exited $?"; }
ctr_wall=$(($(date +%s%3N) - t0))
wait_grader
finish container
journals=("$out"/container/work/journal/mission-*.jsonl)
[[ -s "${journals[0]}" && -d "$out/container/work/index" ]] || fail "container: no mission journal (work/journal/mission-*.jsonl) or index in the work folder"
if [[ -f "$root/models/ko-reader/tokenizer.json" ]]; then
	grep -q "using the bundled reader model" "$out/container/run.log" || fail "container: the bundled models/ko-reader was not loaded"
	grep -q "using the bundled reader model" "$out/host/run.log" || fail "host: the bundled models/ko-reader was not loaded"
	log "host and container loaded the bundled reader (models/ko-reader)"
fi
diff -u "$out/host/scores.txt" "$out/container/scores.txt" >"$out/scores.diff" ||
	{ cat "$out/scores.diff" >&2; fail "container scores differ from the host's"; }
log "container scores equal the host's"
sed 's/^/    /' "$out/container/scores.txt"
log "demo wall time: container $(secs "$ctr_wall")s (docker run to exit), host $(secs "$host_wall")s"

# No network but the answer URL: the grader in one container, the run in a
# second that shares only the grader's network namespace (loopback).
iso="$out/isolated"
rm -rf "$iso"
mkdir -p "$iso/work"
chown 1000:1000 "$iso/work"
"$docker" rm -f policyqa-test-grader >/dev/null 2>&1 || true
"$docker" run -d --name policyqa-test-grader --network none --read-only \
	-v "$dataset:/home/agc2022/dataset:ro" \
	"$image" policyqa grade --dataset /home/agc2022/dataset --addr 127.0.0.1:8080 >/dev/null
"$docker" run --rm --network container:policyqa-test-grader --read-only \
	-v "$dataset:/home/agc2022/dataset:ro" -v "$iso/work:/home/agc2022/work" \
	-e REST_ANSWER_URL=http://127.0.0.1:8080/ -e AGC_TEAM_ID=demo -e AGC_HASH=demo \
	"$image" >"$iso/run.log" 2>&1 ||
	{ tail -20 "$iso/run.log" >&2; fail "isolated container run exited $?"; }
[[ "$("$docker" wait policyqa-test-grader)" == 0 ]] || fail "isolated grader exit status"
"$docker" logs policyqa-test-grader >"$iso/scores.out" 2>/dev/null
"$docker" rm policyqa-test-grader >/dev/null
finish isolated
diff -u "$out/host/scores.txt" "$iso/scores.txt" >"$out/scores-isolated.diff" ||
	{ cat "$out/scores-isolated.diff" >&2; fail "isolated container scores differ from the host's"; }
log "isolated container (no network but the grader's loopback): scores equal the host's"

# The reader runtime in the image (libonnxruntime, tokenizers) with a model
# folder mounted the documented way: the test fixture model.
"$docker" run --rm --network none --read-only \
	-v "$root/reader/testdata/tiny:/home/agc2022/model:ro" -e POLICYQA_MODEL=/home/agc2022/model \
	"$image" policyqa bench reader --python "" --questions 2 --passages 1 >"$out/reader.log" 2>&1 ||
	{ tail -20 "$out/reader.log" >&2; fail "reader in the container (POLICYQA_MODEL)"; }
grep -q '"model":"/home/agc2022/model"' "$out/reader.log" || fail "reader: no result for the mounted model"
log "reader with a mounted model (POLICYQA_MODEL): $(grep -o '"model_file":"[^"]*"\|"ms_per_question":[0-9.]*' "$out/reader.log" | tr '\n' ' ')"

log "PASS in $((SECONDS - start))s; image size $((size / 1000000)) MB; container wall $(secs "$ctr_wall")s"
