#!/usr/bin/env bash
# Regenerates the wrapper modules that let the go client build kube-* and etcd.
# k8s.io/kubernetes requires its staging modules at v0.0.0 through local replaces, so the
# replace list is read from the release's own go.mod rather than typed by hand.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
staging="0.${K8S_VERSION#1.}"

cd "$here/tools/k8s"
rm -f go.mod go.sum
go mod init testcluster.local/k8s-tools >/dev/null 2>&1
go mod edit -go=1.26.0
gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/.*#\1#p' "$gomod"); do
  go mod edit -replace="$m=$m@v$staging"
done
go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" \
  "k8s.io/kubernetes/cmd/kube-controller-manager@v$K8S_VERSION" \
  "k8s.io/kubernetes/cmd/kube-scheduler@v$K8S_VERSION" \
  "k8s.io/kubernetes/cmd/kubectl@v$K8S_VERSION"
go mod tidy

cd "$here/tools/etcd"
rm -f go.mod go.sum
go mod init testcluster.local/etcd-tools >/dev/null 2>&1
go get -tool "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
go mod tidy
