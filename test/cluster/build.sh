#!/usr/bin/env bash
# Builds the test control plane into test/cluster/bin (git-ignored). Each binary is rebuilt
# only when the version recorded beside it differs, so a warm machine pays nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
bin="$here/bin"
mkdir -p "$bin"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

if ! command -v go >/dev/null 2>&1; then
  echo "test cluster: Go is not installed. Install Go 1.26+ (https://go.dev/dl/) or set" >&2
  echo "L8_TEST_KUBECONFIG to the kubeconfig of a cluster the tests may use." >&2
  exit 3
fi

fresh() { [ -x "$bin/$1" ] && [ "$(cat "$bin/$1.version" 2>/dev/null)" = "$2" ]; }
stamp() { echo "$2" >"$bin/$1.version"; }
step() { printf '[build %s] %s\n' "$(date +%T)" "$*"; }

k8s_bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
need_k8s=0
for b in "${k8s_bins[@]}"; do fresh "$b" "$K8S_VERSION" || need_k8s=1; done
if [ "$need_k8s" = 1 ]; then
  step "kubernetes v$K8S_VERSION (apiserver, controller-manager, scheduler, kubectl)"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf="$ldf -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  (cd "$here/tools/k8s" && go build -trimpath -ldflags "$ldf" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
  for b in "${k8s_bins[@]}"; do stamp "$b" "$K8S_VERSION"; done
fi

if ! fresh etcd "$ETCD_VERSION"; then
  step "etcd v$ETCD_VERSION"
  (cd "$here/tools/etcd" && go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)
  stamp etcd "$ETCD_VERSION"
fi

install_tool() { # name version package
  if ! fresh "$1" "$2"; then
    step "$1 v$2"
    GOBIN="$bin" go install -trimpath -ldflags "-s -w ${4:-}" "$3@v$2"
    stamp "$1" "$2"
  fi
}
install_tool kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok
install_tool metrics-server "$METRICS_SERVER_VERSION" sigs.k8s.io/metrics-server/cmd/metrics-server \
  "-X k8s.io/client-go/pkg/version.gitVersion=v$METRICS_SERVER_VERSION"
install_tool kind "$KIND_VERSION" sigs.k8s.io/kind
step "done: $(du -sh "$bin" | cut -f1) in $bin"
