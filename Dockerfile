# policyqa challenge image.
#
#   docker build -t policyqa .
#   docker run --rm --network host \
#     -v /path/to/dataset:/home/agc2022/dataset:ro \
#     -e REST_ANSWER_URL=http://127.0.0.1:8080/ -e AGC_TEAM_ID=team -e AGC_HASH=secret \
#     policyqa
#
# Needs BuildKit (the default builder since Docker 23; DOCKER_BUILDKIT=1 on
# 20.10) for its cache mounts. The stages run the same scripts as `make
# build`: libtokenizers.a with cargo (scripts/build-tokenizers.sh),
# libonnxruntime from the npm package (scripts/install-onnxruntime.sh),
# tesseract through apt (scripts/install-ocr.sh), then `make build`; the
# chart label model kor_best from npm (scripts/install-kor-best.sh).
#
# The runtime image holds the binary, libonnxruntime and tesseract with
# Korean (kor, kor_vert, kor_best) and English data, runs as the non-root user agc2022 (uid 1000),
# reads the dataset from /home/agc2022/dataset (read-only is fine) and writes
# only under /home/agc2022/work (index, journal, OCR and compilation caches).
#
# The reader model is models/ko-reader from the build context (`make model`
# builds it; see models/README.md). Another model can be mounted, e.g.
#   -v /path/to/model:/home/agc2022/model:ro -e POLICYQA_MODEL=/home/agc2022/model
# POLICYQA_MODEL=none runs without a reader.

ARG GO_IMAGE=golang:1.26-bookworm
ARG RUST_IMAGE=rust:1-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${GO_IMAGE} AS go

# Each build step reads the context and the other stages through bind
# mounts rather than COPY: fewer layers, which matters on copy-based storage
# drivers (vfs).

# libtokenizers.a, the Rust half of github.com/daulet/tokenizers. The script
# reads the module version from go.mod and builds the module's own source.
FROM ${RUST_IMAGE} AS tokenizers
ENV PATH=/usr/local/go/bin:$PATH GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOPATH=/go
RUN --mount=type=bind,from=go,source=/usr/local/go,target=/usr/local/go \
	--mount=type=bind,source=go.mod,target=/src/go.mod \
	--mount=type=bind,source=go.sum,target=/src/go.sum \
	--mount=type=bind,source=scripts/build-tokenizers.sh,target=/src/scripts/build-tokenizers.sh \
	--mount=type=cache,id=policyqa-gomod,target=/go/pkg/mod \
	--mount=type=cache,id=policyqa-cargo,target=/usr/local/cargo/registry \
	/src/scripts/build-tokenizers.sh

# libonnxruntime.so from the npm package onnxruntime-node (npm pack only).
FROM ${NODE_IMAGE} AS onnxruntime
RUN --mount=type=bind,source=scripts/install-onnxruntime.sh,target=/src/scripts/install-onnxruntime.sh \
	/src/scripts/install-onnxruntime.sh

# kor_best.traineddata, tesseract's best Korean LSTM model, from the npm
# package @tesseract.js-data/kor (npm pack only, checksummed): the charts
# read their labels with it (charts.LabelModel).
FROM ${NODE_IMAGE} AS korbest
RUN --mount=type=bind,source=scripts/install-kor-best.sh,target=/src/scripts/install-kor-best.sh \
	KOR_BEST_CACHE=/tmp/kor-best /src/scripts/install-kor-best.sh /out \
	&& test -f /out/kor_best.traineddata

# The binary: tesseract headers from apt, then `make build`, which finds the
# native libraries of the stages above in place and only compiles. /out
# gets bin/policyqa and lib/libonnxruntime.so.
FROM ${GO_IMAGE} AS build
ARG DEBIAN_FRONTEND=noninteractive
ENV GOFLAGS=-buildvcs=false
RUN --mount=type=bind,source=scripts/install-ocr.sh,target=/tmp/install-ocr.sh \
	/tmp/install-ocr.sh && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,target=/src,rw \
	--mount=type=bind,from=tokenizers,source=/src/third_party/lib,target=/src/third_party/lib \
	--mount=type=bind,from=onnxruntime,source=/src/third_party/onnxruntime,target=/src/third_party/onnxruntime \
	--mount=type=cache,id=policyqa-gomod,target=/go/pkg/mod \
	--mount=type=cache,id=policyqa-gobuild,target=/root/.cache/go-build \
	cd /src && make build BIN=/out/bin/policyqa && /out/bin/policyqa version \
	&& mkdir -p /out/lib && cp -a third_party/onnxruntime/lib/. /out/lib/

FROM ${RUNTIME_IMAGE}
ARG DEBIAN_FRONTEND=noninteractive
# Runtime libraries only (tesseract 5 and leptonica, Korean, vertical
# Korean and English models, zone data for TZ); the build stage has the
# -dev packages.
RUN apt-get update \
	&& apt-get install -y --no-install-recommends \
		libtesseract5 tesseract-ocr-kor tesseract-ocr-kor-vert tesseract-ocr-eng tzdata ca-certificates \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --gid 1000 agc2022 \
	&& useradd --uid 1000 --gid 1000 --home-dir /home/agc2022 --create-home --shell /usr/sbin/nologin agc2022 \
	&& mkdir -p /home/agc2022/dataset /home/agc2022/model /home/agc2022/work \
	&& chown agc2022:agc2022 /home/agc2022/work
COPY --from=build /out/ /opt/policyqa/
COPY --from=korbest /out/kor_best.traineddata /usr/share/tesseract-ocr/5/tessdata/
# The bundled reader: models/ko-reader when `make model` has built it (the
# binary loads /opt/policyqa/models/ko-reader when POLICYQA_MODEL is unset);
# otherwise only models/README.md, and the run answers without a reader.
COPY models/ /opt/policyqa/models/
LABEL org.opencontainers.image.title="policyqa" \
	org.opencontainers.image.description="Offline QA over Korean policy documents (AGC 2022 policy-support track)"
# XDG_CACHE_HOME: the PDF renderer's compilation cache goes under the work
# folder too. OMP_THREAD_LIMIT=1: one thread per tesseract engine (the pool
# runs one engine per CPU).
ENV PATH=/opt/policyqa/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	TZ=Asia/Seoul \
	HOME=/home/agc2022 \
	POLICYQA_DATASET=/home/agc2022/dataset \
	POLICYQA_WORK=/home/agc2022/work \
	XDG_CACHE_HOME=/home/agc2022/work/cache \
	ONNXRUNTIME_LIB=/opt/policyqa/lib/libonnxruntime.so \
	OMP_THREAD_LIMIT=1
USER 1000:1000
WORKDIR /home/agc2022
CMD ["policyqa", "run"]
