#!/usr/bin/env bash
# Installs Jobe (https://github.com/trampgeek/jobe) on this machine, from a checkout of its
# repository, for side-by-side benchmarks against Verdict's Jobe facade (bench/jobe-vs-verdict.sh).
# Jobe runs in Debian's Apache with mod_php, listening on 127.0.0.1:$JOBE_PORT only, with Jobe's
# shipped configuration except the locale (C.UTF-8, as Jobe's README recommends). Needs root and
# the packages: acl apache2 php libapache2-mod-php php-cli php-mbstring php-intl sudo.
#
#   bench/jobe-install.sh /path/to/jobe [commit]     # a work tree or a bare repository
#   curl -s http://127.0.0.1:4080/jobe/index.php/restapi/languages
#
# Re-running replaces the installed copy (Jobe's own installer with --purge).
set -euo pipefail

src=${1:?usage: bench/jobe-install.sh JOBE_CHECKOUT [COMMIT]}
commit=${2:-HEAD}
port=${JOBE_PORT:-4080}
dest=/var/www/html/jobe

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
for tool in apache2ctl php sudo setfacl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install acl apache2 php libapache2-mod-php php-cli php-mbstring php-intl sudo" >&2; exit 1; }
done

# why: Jobe's installer refuses to run outside /var/www/html/jobe, and must not be a symlink.
rm -rf "$dest"
mkdir -p "$dest"
git -C "$src" archive "$commit" | tar -x -C "$dest"

# Loopback only, on a port of its own.
cat > /etc/apache2/ports.conf <<CONF
Listen 127.0.0.1:$port
CONF
sed -i "s/<VirtualHost \*:[0-9]*>/<VirtualHost 127.0.0.1:$port>/" /etc/apache2/sites-available/000-default.conf
sed -i 's/^export LANG=C$/export LANG=C.UTF-8/' /etc/apache2/envvars
a2dismod -q mpm_event >/dev/null 2>&1 || true
a2enmod -q mpm_prefork php8.2 >/dev/null 2>&1 || a2enmod -q mpm_prefork >/dev/null
apache2ctl -k restart 2>/dev/null || apache2ctl -k start

cd "$dest"
python3 ./install --purge
apache2ctl -k graceful
for _ in $(seq 50); do
  if curl -sf "http://127.0.0.1:$port/jobe/index.php/restapi/languages" >/dev/null; then
    echo "Jobe $(git -C "$src" rev-parse --short "$commit") on http://127.0.0.1:$port/jobe/index.php/restapi/"
    curl -s "http://127.0.0.1:$port/jobe/index.php/restapi/languages"; echo
    exit 0
  fi
  sleep 0.2
done
echo "Jobe does not answer on 127.0.0.1:$port" >&2
exit 1
