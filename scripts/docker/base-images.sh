#!/usr/bin/env bash
# base-images.sh creates, in the Docker daemon that DOCKER_HOST points at, the
# public base images the Dockerfile names, for machines that cannot pull from
# Docker Hub. Each is made from what this machine has:
#
#   debian:bookworm-slim    debootstrap --variant=minbase bookworm, slimmed like
#                           the official image (no docs, man pages, locales),
#                           with this machine's apt sources and CA bundle
#   golang:1.26-bookworm    that + gcc/make/pkg-config/git (as buildpack-deps) +
#                           this machine's Go at /usr/local/go, as the official image
#   rust:1-bookworm         the same build base + this machine's stable Rust
#                           toolchain under /usr/local/rustup and /usr/local/cargo
#   node:20-bookworm-slim   debian:bookworm-slim + this machine's node and npm
#                           under /usr/local, as the official image
#
# An image already in the daemon is kept. The debootstrap tree is cached as a
# tarball under CACHE (default .cache/docker), so a daemon with an empty
# data root gets the images back without a second debootstrap.
#
# Usage: DOCKER_HOST=unix:///path/docker.sock scripts/docker/base-images.sh [CACHE]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${1:-$root/.cache/docker}"
docker="${DOCKER:-docker}"
mkdir -p "$cache"

log() { echo "base-images: $*" >&2; }
have() { "$docker" image inspect "$1" >/dev/null 2>&1; }

# The Debian mirror apt uses on this machine (deb822 or one-line sources).
mirror() {
	local m=""
	if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
		m="$(awk '/^URIs:/ && $2 ~ /\/debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/*.sources)"
	fi
	if [[ -z "$m" && -f /etc/apt/sources.list ]]; then
		m="$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list)"
	fi
	echo "${m:-http://deb.debian.org/debian}"
}

# slim_rootfs writes the minbase tarball (cached) to stdout's path.
slim_tar() {
	local tarball="$cache/bookworm-minbase.tar"
	if [[ -s "$tarball" ]]; then
		echo "$tarball"
		return
	fi
	command -v debootstrap >/dev/null || { log "debootstrap not found (apt-get install debootstrap)"; exit 1; }
	local dir="$cache/rootfs.tmp"
	rm -rf "$dir"
	log "debootstrap --variant=minbase bookworm from $(mirror) (a few minutes)"
	debootstrap --variant=minbase bookworm "$dir" "$(mirror)" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -20 "$cache/debootstrap.log" >&2; exit 1; }

	# As the official image: apt sources in deb822 form for bookworm,
	# -updates and -security, with this machine's mirror and apt settings
	# (a snapshot mirror needs its Check-Valid-Until override).
	rm -f "$dir/etc/apt/sources.list"
	if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
		cp /etc/apt/sources.list.d/debian.sources "$dir/etc/apt/sources.list.d/"
	else
		printf 'deb %s bookworm main\n' "$(mirror)" >"$dir/etc/apt/sources.list"
	fi
	for f in /etc/apt/apt.conf.d/docker-* /etc/apt/apt.conf.d/99artifact-registry; do
		[[ -f "$f" ]] && cp "$f" "$dir/etc/apt/apt.conf.d/"
	done
	# debuerreotype's slimify: keep dpkg from installing docs, man pages, locales.
	cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<-'EOF'
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/man/*
		path-exclude /usr/share/groff/*
		path-exclude /usr/share/info/*
		path-exclude /usr/share/lintian/*
		path-exclude /usr/share/linda/*
		path-exclude /usr/share/locale/*
		path-include /usr/share/locale/locale.alias
	EOF
	find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
	find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete
	rm -rf "$dir/usr/share/man/"* "$dir/usr/share/info/"* "$dir/usr/share/lintian/"*
	find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
	rm -rf "$dir/var/lib/apt/lists/"* "$dir/var/cache/apt/"*.bin "$dir/var/cache/apt/archives/"*.deb \
		"$dir/var/log/"*.log "$dir/tmp/"* "$dir/root/.bash_history"
	tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	rm -rf "$dir"
	echo "$tarball"
}

# build_ctx IMAGE DOCKERFILE [tar args...]: docker build from a context
# streamed as a tarball holding the Dockerfile and the given paths.
build_ctx() {
	local image="$1" dockerfile="$2"
	shift 2
	local tmp
	tmp="$(mktemp -d)"
	printf '%s\n' "$dockerfile" >"$tmp/Dockerfile"
	log "building $image"
	tar --numeric-owner -C "$tmp" -cf - Dockerfile "$@" |
		DOCKER_BUILDKIT=1 "$docker" build --network host -q -t "$image" - >/dev/null
	rm -rf "$tmp"
}

if ! have debian:bookworm-slim; then
	t="$(slim_tar)"
	log "importing debian:bookworm-slim"
	"$docker" import "$t" policyqa-local/debian-minbase:bookworm >/dev/null
	# This machine's CA bundle (it may trust a TLS-intercepting proxy that
	# the registries are reached through), as a local CA that
	# update-ca-certificates keeps when an image installs ca-certificates,
	# and as the bundle of images that do not.
	tmp="$(mktemp -d)"
	mkdir -p "$tmp/ca/usr/local/share/ca-certificates" "$tmp/ca/etc/ssl/certs"
	if [[ -s /etc/ssl/certs/ca-certificates.crt ]]; then
		cp /etc/ssl/certs/ca-certificates.crt "$tmp/ca/usr/local/share/ca-certificates/host-ca-bundle.crt"
		cp /etc/ssl/certs/ca-certificates.crt "$tmp/ca/etc/ssl/certs/ca-certificates.crt"
	fi
	build_ctx debian:bookworm-slim 'FROM policyqa-local/debian-minbase:bookworm
COPY ca /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["bash"]' -C "$tmp" ca
	rm -rf "$tmp"
fi

# The build base of the official golang and rust images (buildpack-deps).
buildbase=policyqa-local/buildpack-deps:bookworm
if ! have "$buildbase" && { ! have golang:1.26-bookworm || ! have rust:1-bookworm; }; then
	build_ctx "$buildbase" 'FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
	ca-certificates curl wget git gnupg dirmngr procps xz-utils bzip2 unzip \
	gcc g++ libc6-dev make pkg-config file patch libssl-dev \
	&& rm -rf /var/lib/apt/lists/*'
fi

if ! have golang:1.26-bookworm; then
	goroot="$(go env GOROOT)"
	gover="$(go env GOVERSION)"
	case "$gover" in go1.26*) ;; *) log "this machine has $gover, the Dockerfile wants golang:1.26"; exit 1 ;; esac
	build_ctx golang:1.26-bookworm "FROM $buildbase
ENV GOLANG_VERSION=${gover#go} GOTOOLCHAIN=local GOPATH=/go PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY go /usr/local/go
WORKDIR /go" -C "$(dirname "$goroot")" "$(basename "$goroot")"
fi

if ! have rust:1-bookworm; then
	rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
	cargo_home="${CARGO_HOME:-$HOME/.cargo}"
	tc="stable-$(uname -m)-unknown-linux-gnu"
	[[ -d "$rustup_home/toolchains/$tc" && -x "$cargo_home/bin/rustup" ]] ||
		{ log "no rustup toolchain $tc under $rustup_home"; exit 1; }
	tmp="$(mktemp -d)"
	mkdir -p "$tmp/rustup" "$tmp/cargo/bin"
	printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\nauto_self_update = "disable"\n' "$tc" >"$tmp/rustup/settings.toml"
	cp "$cargo_home/bin/rustup" "$tmp/cargo/bin/"
	for p in cargo rustc rustdoc; do ln -s rustup "$tmp/cargo/bin/$p"; done
	# The toolchain without its HTML docs (share/), renamed into rustup/.
	parts=()
	for d in bin lib libexec etc; do
		[[ -e "$rustup_home/toolchains/$tc/$d" ]] && parts+=("toolchains/$tc/$d")
	done
	build_ctx rust:1-bookworm "FROM $buildbase
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY rustup /usr/local/rustup
COPY cargo /usr/local/cargo" -C "$tmp" rustup cargo \
		-C "$rustup_home" --transform 's,^toolchains/,rustup/toolchains/,S' "${parts[@]}"
	rm -rf "$tmp"
fi

if ! have node:20-bookworm-slim; then
	node="$(command -v node || true)"
	[[ -n "$node" ]] || { log "node not found"; exit 1; }
	case "$("$node" --version)" in v20.*) ;; *) log "this machine has node $("$node" --version), the Dockerfile wants node:20"; exit 1 ;; esac
	npmdir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
	tmp="$(mktemp -d)"
	mkdir -p "$tmp/local/bin" "$tmp/local/lib/node_modules"
	cp "$(readlink -f "$node")" "$tmp/local/bin/node"
	cp -a "$npmdir" "$tmp/local/lib/node_modules/npm"
	ln -s ../lib/node_modules/npm/bin/npm-cli.js "$tmp/local/bin/npm"
	ln -s ../lib/node_modules/npm/bin/npx-cli.js "$tmp/local/bin/npx"
	build_ctx node:20-bookworm-slim 'FROM debian:bookworm-slim
COPY local /usr/local
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]' -C "$tmp" local
	rm -rf "$tmp"
fi

"$docker" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(debian|golang|rust|node):' >&2 || true
