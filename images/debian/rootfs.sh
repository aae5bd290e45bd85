#!/usr/bin/env bash
# Builds a minimal Debian root file system from Debian's packages, for `docker import`.
#
#   images/debian/rootfs.sh DIR SUITE MIRROR CACHE
#
# debootstrap's minbase variant (essential packages and apt), then what the official
# debian:*-slim images add: no documentation, man pages or translations, no recommended
# packages, apt's lists and downloads removed, and no service started by a package's install.
set -euo pipefail
dir="$1" suite="$2" mirror="$3" cache="$4"

mkdir -p "$cache"
debootstrap --variant=minbase --cache-dir="$cache" "$suite" "$dir" "$mirror" >"$dir.log" 2>&1 ||
  { tail -n 20 "$dir.log" >&2; exit 1; }

cat >"$dir/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
rm -f "$dir/etc/apt/sources.list"

cat >"$dir/etc/dpkg/dpkg.cfg.d/slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
cat >"$dir/etc/apt/apt.conf.d/slim" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
APT
printf '#!/bin/sh\n# why: a package install inside an image build must not start its service.\nexit 101\n' \
  >"$dir/usr/sbin/policy-rc.d"
chmod 755 "$dir/usr/sbin/policy-rc.d"

# why: an image must not carry the identity of the machine that built it; Docker writes its own
# hostname, hosts and resolv.conf.
: >"$dir/etc/machine-id"
rm -f "$dir/etc/hostname" "$dir/etc/resolv.conf"
find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
rm -rf "$dir/usr/share/man"/* "$dir/usr/share/info"/* "$dir/var/cache/apt"/*.bin \
  "$dir/var/cache/apt/archives"/*.deb "$dir/var/lib/apt/lists"/* "$dir/var/log"/*.log \
  "$dir/tmp"/* "$dir/root/.bash_history"
find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
