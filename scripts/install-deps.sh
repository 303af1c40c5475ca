#!/bin/sh
# Installs the Debian packages Tenet's build, demo and tests need, when they are missing. Idempotent.
set -eu
need=""
for p in python3-prometheus-client openvswitch-switch iproute2 ethtool iputils-ping netcat-openbsd python3 dnsmasq-base tcpdump iperf3 nftables bird2 gobgpd etcd-server util-linux procps maven openjdk-17-jdk-headless chromium chromium-driver; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
  echo "Installing:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $need >/dev/null
  # bird2, gobgpd and etcd start their own services in the host's namespace; Tenet's tests run their own.
  case "$need" in *bird2*|*gobgpd*|*etcd-server*) systemctl disable --now bird gobgpd etcd >/dev/null 2>&1 || true ;; esac
fi
