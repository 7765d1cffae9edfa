#!/usr/bin/env bash
# A real two-node OpenSearch 2.19 cluster on loopback for policyqa's tests
# and benchmarks, from OpenSearch's server jars on Maven Central (no
# distribution download, no Docker): each node its own JVM and data folder,
# discovery through loopback seed hosts, security off.
#
#   scripts/opensearch/cluster.sh start   # builds what is missing, starts, waits for green; last line: the nodes' URLs, comma-separated
#   scripts/opensearch/cluster.sh stop    # stops both nodes, removes their data
#   scripts/opensearch/cluster.sh status  # cluster health
#   scripts/opensearch/cluster.sh kill N  # SIGKILL node N (1 or 2), for failover tests
#   scripts/opensearch/cluster.sh kill-follower  # SIGKILL the node that is not the elected cluster manager
#
# Needs java (17) and mvn. Cache: $POLICYQA_OPENSEARCH_CACHE (default
# .cache/opensearch: jars, compiled launcher); node folders under
# $POLICYQA_OPENSEARCH_RUN (default work/opensearch). Ports: HTTP
# $OS_HTTP_BASE+1/+2, transport $OS_HTTP_BASE+101/+102; OS_HTTP_BASE=auto
# (the default) takes the first base from 19200 up, in steps of 1000, whose
# four ports are free, so clusters of several checkouts do not meet. The
# ports a cluster got are kept in its run folder for stop/kill. Heap per
# node: $OS_HEAP (default 384m).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${POLICYQA_OPENSEARCH_CACHE:-$root/.cache/opensearch}
run=${POLICYQA_OPENSEARCH_RUN:-$root/work/opensearch}
heap=${OS_HEAP:-384m}

port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# choose_ports sets http_base (and the URLs) from the run folder's record,
# OS_HTTP_BASE, or the first free base.
choose_ports() {
	if [ -f "$run/ports" ]; then
		http_base=$(cat "$run/ports")
	elif [ "${OS_HTTP_BASE:-auto}" != auto ]; then
		http_base=$OS_HTTP_BASE
	else
		http_base=""
		for b in 19200 20200 21200 22200 23200 24200 25200 26200; do
			if port_free $((b + 1)) && port_free $((b + 2)) && port_free $((b + 101)) && port_free $((b + 102)); then
				http_base=$b
				break
			fi
		done
		[ -n "$http_base" ] || { echo "cluster.sh: no free port range found" >&2; return 1; }
	fi
	tr_base=$((http_base + 100))
	url="http://127.0.0.1:$((http_base + 1))"
	urls="$url,http://127.0.0.1:$((http_base + 2))"
}

build() {
	local stamp="$cache/.built-$(sha256sum "$here/pom.xml" "$here"/src/main/java/policyqa/cluster/*.java | sha256sum | cut -c1-16)"
	[ -f "$stamp" ] && return 0
	command -v java >/dev/null && command -v mvn >/dev/null || { echo "cluster.sh: java and mvn are needed" >&2; return 1; }
	echo "cluster.sh: fetching OpenSearch jars from Maven Central into $cache" >&2
	rm -rf "$cache/lib" "$cache/classes"
	mkdir -p "$cache"
	(cd "$here" && mvn -q -B -Dmaven.repo.local="$cache/m2" dependency:copy-dependencies \
		-DoutputDirectory="$cache/lib" -DincludeScope=runtime) >&2
	javac -d "$cache/classes" -cp "$cache/lib/*" "$here"/src/main/java/policyqa/cluster/*.java >&2
	rm -f "$cache"/.built-*
	touch "$stamp"
}

health() { curl -fsS --max-time 5 "$url/_cluster/health${1:-}" 2>/dev/null; }

start() {
	build
	if [ -f "$run/ports" ]; then
		choose_ports
		if health >/dev/null; then echo "cluster.sh: already running" >&2; echo "$urls"; return 0; fi
		stop
	fi
	choose_ports
	mkdir -p "$run"
	echo "$http_base" >"$run/ports"
	local seeds="127.0.0.1:$((tr_base + 1)),127.0.0.1:$((tr_base + 2))"
	for i in 1 2; do
		rm -rf "$run/node-$i"
		mkdir -p "$run/node-$i"
		nohup java -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -Dlog4j2.disable.jmx=true \
			-cp "$cache/classes:$cache/lib/*" policyqa.cluster.LoopbackNode \
			"node-$i" "$run/node-$i" $((http_base + i)) $((tr_base + i)) "$seeds" node-1,node-2 \
			>"$run/node-$i.log" 2>&1 &
		echo $! >"$run/node-$i.pid"
	done
	for _ in $(seq 180); do
		if health '?wait_for_status=green&wait_for_nodes=2&timeout=1s' | grep -q '"status":"green"'; then
			echo "cluster.sh: two nodes, green" >&2
			echo "$urls"
			return 0
		fi
		for i in 1 2; do
			if ! kill -0 "$(cat "$run/node-$i.pid")" 2>/dev/null; then
				echo "cluster.sh: node-$i exited; its log:" >&2; tail -20 "$run/node-$i.log" >&2; stop; return 1
			fi
		done
		sleep 1
	done
	echo "cluster.sh: not green after 180 s" >&2; stop; return 1
}

stop() {
	for i in 1 2; do
		local pf="$run/node-$i.pid"
		[ -f "$pf" ] || continue
		local pid; pid=$(cat "$pf")
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$pf"
		rm -rf "$run/node-$i"
	done
	rm -f "$run/ports"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
	[ -f "$run/ports" ] || { echo "cluster.sh: not running" >&2; exit 1; }
	choose_ports
	health '?pretty' || { echo "cluster.sh: not answering" >&2; exit 1; } ;;
kill) kill -9 "$(cat "$run/node-${2:?node number}.pid")" ;;
kill-follower)
	choose_ports
	mgr=$(curl -fsS --max-time 10 "$url/_cat/cluster_manager?h=node")
	for i in 1 2; do
		if [ "node-$i" != "$mgr" ]; then echo "cluster.sh: killing node-$i (manager: $mgr)" >&2; kill -9 "$(cat "$run/node-$i.pid")"; exit 0; fi
	done ;;
build) build ;;
*) echo "usage: $0 start|stop|status|kill N|kill-follower|build" >&2; exit 2 ;;
esac
