#!/usr/bin/env bash
# Uploads on a shared WebDAV store (KEEL_STORAGE=webdav:URL): a WebDAV server that a user
# could run — nginx's dav module (dav_methods PUT DELETE MKCOL) behind HTTP Basic auth —
# is started on a free loopback port, and a stack of this test's own stores its files
# there: the object is PUT complete under objects/, served back through the front
# nginx's internal proxy location with keel's headers, deleted with its row; with the
# store down an upload is a JSON 503 and leaves no row.
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

dav=$(mktemp -d /tmp/keel-dav.XXXXXX)
chmod 755 "$dav"
mkdir -p "$dav/root/store" "$dav/tmp"
dav_port=$(free_port)
printf 'keel:%s\n' "$(openssl passwd -apr1 's3cret-dav')" >"$dav/htpasswd"
user_line=""
if [ "$(id -u)" = 0 ]; then
  user_line="user nobody nogroup;"
  chown -R nobody:nogroup "$dav/root" "$dav/tmp"
  chmod 644 "$dav/htpasswd"
fi
cat >"$dav/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dav/nginx.pid;
error_log $dav/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dav/tmp/body;
  proxy_temp_path $dav/tmp/proxy;
  fastcgi_temp_path $dav/tmp/fastcgi;
  uwsgi_temp_path $dav/tmp/uwsgi;
  scgi_temp_path $dav/tmp/scgi;
  server {
    listen 127.0.0.1:$dav_port;
    client_max_body_size 20m;
    location /store/ {
      root $dav/root;
      dav_methods PUT DELETE MKCOL;
      dav_access user:rw group:r all:r;
      auth_basic "keel store";
      auth_basic_user_file $dav/htpasswd;
    }
  }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
dav_stop() {
  if [ -f "$dav/nginx.pid" ]; then kill "$(cat "$dav/nginx.pid")" 2>/dev/null || true; fi
}
"$nginx_bin" -p "$dav" -c "$dav/nginx.conf" -e "$dav/error.log" || {
  not_ok "the WebDAV server did not start: $(tail -n 3 "$dav/error.log")"
  exit 1
}
fs_on_exit "dav_stop; rm -rf '$dav'"
code=$(curl -s -o /dev/null -w '%{http_code}' -X MKCOL "http://127.0.0.1:$dav_port/store/probe/" || true)
if [ "$code" = 401 ]; then ok "the WebDAV server wants credentials"; else not_ok "MKCOL without credentials: $code"; fi

fs_start --keel-env "KEEL_STORAGE=webdav:http://keel:s3cret-dav@127.0.0.1:$dav_port/store/"
work=$FS_WORK

email="dav-$$-$RANDOM@example.com"
fs_register "$email" 'correct horse battery staple' >/dev/null
token=$(jq -r .data.access_token "$work/last.json")
auth="Authorization: Bearer $token"

base64 -d >"$work/dot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
sum=$(sha256sum "$work/dot.png" | cut -d' ' -f1)
code=$(curl -sS -o "$work/up.json" -w '%{http_code}' -H "$auth" -F "file=@$work/dot.png" \
  "$FS_BASE/api/v1/files" || true)
id=$(jq -r '.data.id // empty' "$work/up.json")
if [ "$code" = 201 ] && [ -n "$id" ]; then ok "upload to the WebDAV store answers 201"; else
  not_ok "upload: $code $(head -c 300 "$work/up.json")"
fi
key=$(fs_psql "SELECT storage_key FROM files WHERE id = '$id'" 2>/dev/null || true)
object=$dav/root/store/objects/${key:0:2}/$key
if [ -n "$key" ] && [ "$(sha256sum <"$object" 2>/dev/null | cut -d' ' -f1)" = "$sum" ]; then
  ok "the object is on the WebDAV server, whole, under objects/"
else
  not_ok "no object $object with the upload's bytes"
fi
left=$(find /tmp -maxdepth 1 -name 'upload-*' -newer "$dav/nginx.conf" 2>/dev/null | wc -l)
if [ "$left" = 0 ]; then ok "no temp file is left behind"; else not_ok "$left temp files left in /tmp"; fi

code=$(curl -sS -o "$work/content" -D "$work/content.h" -w '%{http_code}' -H "$auth" \
  "$FS_BASE/api/v1/files/$id/content" || true)
hdr() { tr -d '\r' <"$work/content.h" | sed -n "s/^$1: //Ip" | tail -n1; }
if [ "$code" = 200 ] && [ "$(sha256sum <"$work/content" | cut -d' ' -f1)" = "$sum" ]; then
  ok "content is served from the store through nginx's proxy location"
else
  not_ok "content: $code"
fi
if [ "$(hdr Content-Type)" = image/png ] && [ "$(hdr ETag)" = "\"$sum\"" ] &&
  [ "$(hdr Content-Disposition)" = 'inline; filename="dot.png"' ] &&
  [ "$(hdr Content-Security-Policy)" = "sandbox; default-src 'none'" ]; then
  ok "with keel's Content-Type, ETag, Content-Disposition and the sandbox CSP"
else
  not_ok "headers: $(tr -d '\r' <"$work/content.h" | grep -iE 'content-|etag' | tr '\n' ' ')"
fi
code=$(curl -sS -o /dev/null -w '%{http_code}' "$FS_BASE/_keel_dav/objects/${key:0:2}/$key" || true)
if [ "$code" = 404 ]; then ok "the proxy location is internal (404 from outside)"; else not_ok "direct: $code"; fi

code=$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE -H "$auth" "$FS_BASE/api/v1/files/$id" || true)
if [ "$code" = 204 ] && [ ! -e "$object" ]; then ok "DELETE removes the row and the object"; else
  not_ok "delete: $code, object still there: $([ -e "$object" ] && echo yes || echo no)"
fi

dav_stop
for _ in $(seq 50); do [ -f "$dav/nginx.pid" ] || break; sleep 0.1; done
code=$(curl -sS -o "$work/down.json" -w '%{http_code}' -H "$auth" -F "file=@$work/dot.png" \
  "$FS_BASE/api/v1/files" || true)
rows=$(fs_psql "SELECT count(*) FROM files" 2>/dev/null || echo ?)
if [ "$code" = 503 ] && [ "$(jq -r .error.code "$work/down.json")" = UNAVAILABLE ] && [ "$rows" = 0 ]; then
  ok "with the store down an upload is a JSON 503 and stores no row"
else
  not_ok "store down: $code $(head -c 200 "$work/down.json"), rows $rows"
fi
fs_finish
