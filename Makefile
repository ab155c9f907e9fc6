# hellowork: employer MyPage of Hello Work, as Go gRPC microservices.
# `make help` lists the targets. Each area keeps its recipes in make/<area>.mk.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BIN  := $(ROOT)/bin
# Module directories of the workspace (`./...` does not work at a go.work root without a module).
MODULES := libs gateway $(wildcard services/*)
export GOTOOLCHAIN := local

include $(sort $(wildcard make/*.mk))

.PHONY: help
# Print the targets and what each does.
help:
	@awk '/^# /{doc=substr($$0,3); next} /^[a-z][a-z-]*:/{ if (doc!="") { sub(/:.*/,"",$$1); printf "  %-12s %s\n", $$1, doc } doc=""; next } {doc=""}' $(MAKEFILE_LIST)
