#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2154 # eval'd single-quoted checks; alice/bob set by printf -v
# Uploads through nginx as curl sends them: POST files (multipart), list, get, content
# served by nginx after keel's owner check (X-Accel-Redirect), delete; validation by
# content (type allow-list, polyglot, wrong extension, empty file, truncated body, a
# path as name, size limits as JSON 413); another user's file is a 404.
# Run by scripts/run-tests with KEEL_TEST_BASE_URL, CURL_CA_BUNDLE and KEEL_TEST_VAR (the
# stack's var directory: its store is KEEL_TEST_VAR/files). Needs curl, jq, sha256sum.
set -euo pipefail

base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
export CURL_CA_BUNDLE=${CURL_CA_BUNDLE:-${KEEL_TEST_CA:?CURL_CA_BUNDLE is not set}}
store=${KEEL_TEST_VAR:?KEEL_TEST_VAR is not set}/files
api=$base/api/v1

# shellcheck source=tests/e2e/lib/calls.sh
. "$(dirname "$0")/lib/calls.sh"
error_is() { status_is "$1" "$2" && jq_is "$1" .success false && jq_is "$1" .error.code "$3"; }

# signup NAME: registers a user and sets $NAME to "Authorization: Bearer <token>".
signup() {
  local email
  email="files-$1-$(date +%s)-$RANDOM@example.com"
  call "reg_$1" POST /auth/register -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}"
  printf -v "$1" 'Authorization: Bearer %s' "$(value "reg_$1" .data.access_token)"
}
signup alice
signup bob

# A real 1x1 PNG.
base64 -d >"$work/dot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
png_sha=$(sha256sum "$work/dot.png" | cut -d' ' -f1)

call up POST /files -H "$alice" -F "file=@$work/dot.png;type=text/html"
check "POST files answers 201" status_is up 201
id=$(value up .data.id)
check "the type is sniffed from the bytes, not the client's header" jq_is up .data.content_type image/png
check "size and sha256 are the file's" \
  test "$(value up .data.size)/$(value up .data.sha256)" = "$(stat -c %s "$work/dot.png")/$png_sha"
check "name and url" test "$(value up .data.name) $(value up .data.url)" = "dot.png /api/v1/files/$id/content"
check "Location names the file" header_is up Location "/api/v1/files/$id"

call get GET "/files/$id" -H "$alice"
check "GET files/{id} answers the same file" jq_is get .data.sha256 "$png_sha"
call list GET "/files?content_type=image/png&sort=-size" -H "$alice"
check "GET files lists the owner's file, filtered by type" jq_is list .pagination.total 1
call usage GET /files/usage -H "$alice"
check "GET files/usage counts the file against the quota" \
  eval 'jq_is usage .data.used_bytes "$(stat -c %s "$work/dot.png")" && jq_is usage .data.quota_bytes 104857600'
call list_txt GET "/files?content_type=text/plain" -H "$alice"
check "a filter by another type lists none" jq_is list_txt .pagination.total 0

call content GET "/files/$id/content" -H "$alice"
check "content answers 200" status_is content 200
check "content is the uploaded bytes" test "$(sha256sum <"$work/content.body" | cut -d' ' -f1)" = "$png_sha"
check "content has the sniffed Content-Type" header_is content Content-Type image/png
check "content has a Content-Length" header_is content Content-Length "$(stat -c %s "$work/dot.png")"
check "content's ETag is the SHA-256" header_is content ETag "\"$png_sha\""
check "an image is inline, with its name" header_is content Content-Disposition 'inline; filename="dot.png"'
check "content is sandboxed" header_is content Content-Security-Policy "sandbox; default-src 'none'"
check "content is nosniff" header_is content X-Content-Type-Options nosniff

rel=$(find "$store/objects" -type f | head -n1 | sed "s|^$store/objects/||")
curl -sS -o /dev/null -w '%{http_code}' "$base/_keel_files/$rel" >"$work/direct.status" || true
check "the store's internal location is not reachable from outside" status_is direct 404

call bob_get GET "/files/$id" -H "$bob"
check "another user's file is a 404" error_is bob_get 404 NOT_FOUND
call bob_content GET "/files/$id/content" -H "$bob"
check "another user's content is a 404" error_is bob_content 404 NOT_FOUND
call bob_del DELETE "/files/$id" -H "$bob"
check "another user cannot delete it" error_is bob_del 404 NOT_FOUND
call bob_list GET /files -H "$bob"
check "another user's list is empty" jq_is bob_list .pagination.total 0
call anon GET /files
check "no token is a 401" error_is anon 401 UNAUTHORIZED

printf 'plain notes\n' >"$work/notes.txt"
call txt POST /files -H "$alice" -F "file=@$work/notes.txt" -F 'name=../../etc/passwd'
check "a path as name is cut to its last component" jq_is txt .data.name passwd
check "a text file is text/plain" jq_is txt .data.content_type text/plain
call txt_content GET "/files/$(value txt .data.id)/content" -H "$alice"
check "text is served as an attachment" header_is txt_content Content-Disposition 'attachment; filename="passwd"'

call uni POST /files -H "$alice" -F "file=@$work/notes.txt" --form-string 'name=résumé "final".txt'
check "a non-ASCII name with quotes is kept" jq_is uni .data.name 'résumé "final".txt'
call uni_content GET "/files/$(value uni .data.id)/content" -H "$alice"
check "Content-Disposition has an ASCII fallback and filename* (RFC 6266/8187)" \
  header_is uni_content Content-Disposition \
  "attachment; filename=\"r_sum_ _final_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.txt"

{ cat "$work/dot.png"; printf '<script>alert(1)</script>'; } >"$work/poly.png"
call poly POST /files -H "$alice" -F "file=@$work/poly.png"
check "a PNG carrying script (polyglot) is 415" error_is poly 415 UNSUPPORTED_MEDIA_TYPE
call ext POST /files -H "$alice" -F "file=@$work/dot.png;filename=photo.pdf"
check "a PNG named .pdf is 415" error_is ext 415 UNSUPPORTED_MEDIA_TYPE
call ext_html POST /files -H "$alice" -F "file=@$work/dot.png;filename=page.html"
check "a PNG named .html is 415" error_is ext_html 415 UNSUPPORTED_MEDIA_TYPE
printf '<!doctype html><p>hi</p>' >"$work/page.html"
call html POST /files -H "$alice" -F "file=@$work/page.html"
check "HTML is not an accepted type (415)" error_is html 415 UNSUPPORTED_MEDIA_TYPE
: >"$work/empty.txt"
call empty POST /files -H "$alice" -F "file=@$work/empty.txt"
check "an empty file is 400 naming the field" \
  eval 'error_is empty 400 VALIDATION_ERROR && jq_is empty .error.field file'
call nofile POST /files -H "$alice" -F 'name=x'
check "no file part is 400" error_is nofile 400 VALIDATION_ERROR
printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nsome text that never ends' >"$work/trunc"
call trunc POST /files -H "$alice" -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$work/trunc"
check "a truncated multipart body is 400" error_is trunc 400 VALIDATION_ERROR
call json POST /files -H "$alice" -H 'Content-Type: application/json' -d '{}'
check "a JSON body is 415" error_is json 415 UNSUPPORTED_MEDIA_TYPE

# Size limits: the default KEEL_MAX_UPLOAD_BYTES is 10 MiB.
head -c $((10 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$work/big.txt"
call big POST /files -H "$alice" -F "file=@$work/big.txt"
check "a file over KEEL_MAX_UPLOAD_BYTES is a JSON 413 naming the limit" \
  eval 'error_is big 413 PAYLOAD_TOO_LARGE && grep -q 10485760 "$work/big.body"'
head -c $((10 * 1024 * 1024 + 70000)) /dev/zero >"$work/huge.bin"
call huge POST /files -H "$alice" -F "file=@$work/huge.bin"
check "a body over nginx's upload limit is a JSON 413" error_is huge 413 PAYLOAD_TOO_LARGE
head -c 70000 /dev/zero | tr '\0' 'a' >"$work/mid.txt"
call mid POST /auth/login -H 'Content-Type: application/json' --data-binary "@$work/mid.txt"
check "other routes keep the 64 KiB limit" error_is mid 413 PAYLOAD_TOO_LARGE

# Task attachments.
txt_id=$(value txt .data.id)
call task POST /tasks -H "$alice" -H 'Content-Type: application/json' -d '{"title":"with files"}'
task=$(value task .data.id)
call bob_task POST /tasks -H "$bob" -H 'Content-Type: application/json' -d '{"title":"bob"}'
bob_task=$(value bob_task .data.id)
call attach POST "/tasks/$task/attachments" -H "$alice" -H 'Content-Type: application/json' \
  -d "{\"file_id\":\"$txt_id\"}"
check "POST tasks/{id}/attachments answers 201 with the file" \
  eval 'status_is attach 201 && jq_is attach .data.id "$txt_id"'
call attach_again POST "/tasks/$task/attachments" -H "$alice" -H 'Content-Type: application/json' \
  -d "{\"file_id\":\"$txt_id\"}"
check "attaching it twice is 409" error_is attach_again 409 CONFLICT
call attachments GET "/tasks/$task/attachments?sort=name" -H "$alice"
check "GET tasks/{id}/attachments lists it" \
  eval 'jq_is attachments .pagination.total 1 && jq_is attachments ".data[0].url" "/api/v1/files/$txt_id/content"'
call bob_attach POST "/tasks/$task/attachments" -H "$bob" -H 'Content-Type: application/json' \
  -d "{\"file_id\":\"$txt_id\"}"
check "another user's task is a 404" error_is bob_attach 404 NOT_FOUND
call bob_steal POST "/tasks/$bob_task/attachments" -H "$bob" -H 'Content-Type: application/json' \
  -d "{\"file_id\":\"$txt_id\"}"
check "another user's file cannot be attached (400 naming file_id)" \
  eval 'error_is bob_steal 400 VALIDATION_ERROR && jq_is bob_steal .error.field file_id'
call bob_list_att GET "/tasks/$task/attachments" -H "$bob"
check "another user cannot list them" error_is bob_list_att 404 NOT_FOUND
call detach DELETE "/tasks/$task/attachments/$txt_id" -H "$alice"
check "DELETE tasks/{id}/attachments/{file_id} answers 204" status_is detach 204
call detach_again DELETE "/tasks/$task/attachments/$txt_id" -H "$alice"
check "detaching it again is a 404" error_is detach_again 404 NOT_FOUND
call still GET "/files/$txt_id" -H "$alice"
check "the file outlives its attachment" status_is still 200

# Avatars: re-encoded by libgd (metadata gone, scaled to at most 512 a side).
# png W H OUT [TEXT]: an RGB PNG of W x H pixels, with a tEXt chunk when TEXT is given.
png() {
  python3 - "$@" <<'PY'
import struct, sys, zlib
w, h, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
text = sys.argv[4].encode() if len(sys.argv) > 4 else None
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
# Black rows; a header-only "bomb" (over a million pixels) gets no real pixel data.
raw = b"".join(b"\0" + bytes(3 * w) for _ in range(h)) if w * h <= 1000000 else b"\0"
body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
if text:
    body += chunk(b"tEXt", b"Comment\0" + text)
body += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(out, "wb").write(body)
PY
}
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }
png 600 300 "$work/face.png" 'secret-gps-48.85N-2.35E'
call avatar PUT /auth/me/avatar -H "$alice" -F "file=@$work/face.png"
check "PUT auth/me/avatar answers 200" status_is avatar 200
avatar_url=$(value avatar .data.avatar_url)
check "avatar_url is keel's own URL" eval '[[ "$avatar_url" =~ ^/api/v1/files/[0-9a-f-]{36}/content$ ]]'
curl -sS -o "$work/avatar_img.body" -H "$alice" "$base$avatar_url" || true
check "the avatar is a PNG scaled to 512x256" eval '[ "$(png_size "$work/avatar_img.body")" = 512x256 ]'
check "the avatar carries none of the upload's metadata" eval '! grep -q secret-gps "$work/avatar_img.body"'
call avatar_txt PUT /auth/me/avatar -H "$alice" -F "file=@$work/notes.txt"
check "a text file is not an avatar (415)" error_is avatar_txt 415 UNSUPPORTED_MEDIA_TYPE
png 5000 5000 "$work/bomb.png"
call avatar_bomb PUT /auth/me/avatar -H "$alice" -F "file=@$work/bomb.png"
check "a 5000x5000 image is refused before decoding (415)" error_is avatar_bomb 415 UNSUPPORTED_MEDIA_TYPE
png 40 40 "$work/small.png"
call avatar2 PUT /auth/me/avatar -H "$alice" -F "file=@$work/small.png"
check "a new avatar replaces the old" eval 'status_is avatar2 200 && [ "$(value avatar2 .data.avatar_url)" != "$avatar_url" ]'
call old_avatar GET "${avatar_url#/api/v1}" -H "$alice"
check "the old avatar's file is deleted" error_is old_avatar 404 NOT_FOUND
avatar_url=$(value avatar2 .data.avatar_url)
call avatar_del DELETE /auth/me/avatar -H "$alice"
check "DELETE auth/me/avatar clears avatar_url" eval 'status_is avatar_del 200 && jq_is avatar_del .data.avatar_url null'
call gone_avatar GET "${avatar_url#/api/v1}" -H "$alice"
check "and deletes its file" error_is gone_avatar 404 NOT_FOUND
# The avatar's file deleted as a file: the profile no longer points at it.
call avatar3 PUT /auth/me/avatar -H "$alice" -F "file=@$work/small.png"
avatar_url=$(value avatar3 .data.avatar_url)
avatar_id=${avatar_url#/api/v1/files/}
call avatar_file_del DELETE "/files/${avatar_id%/content}" -H "$alice"
call me_after GET /auth/me -H "$alice"
check "DELETE files/{id} of the avatar's file clears avatar_url" eval 'status_is avatar_file_del 204 && jq_is me_after .data.avatar_url null'

# A worker's memory does not grow with what it stores: the body is streamed to the store.
# Peak RSS (VmHWM) of every worker, before and after a 9 MiB upload.
peaks() {
  local pid
  for pid in $(pgrep -P "$(cat "${KEEL_TEST_PIDFILE:?}")"); do
    echo "$pid $(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status" 2>/dev/null || echo 0)"
  done | sort
}
peaks >"$work/peaks.before"
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' 'b' >"$work/nine.txt"
call nine POST /files -H "$alice" -F "file=@$work/nine.txt"
check "a 9 MiB upload is stored" eval 'status_is nine 201 && jq_is nine .data.size 9437184'
peaks >"$work/peaks.after"
growth=$(join "$work/peaks.before" "$work/peaks.after" | awk '{d = $3 - $2; if (d > m) m = d} END {print m + 0}')
echo "# largest growth of a worker's peak RSS during the 9 MiB upload: ${growth} kB"
# The bound is glibc's allocator at work: the sanitizer build (make test-asan) replaces it
# with ASan's, whose quarantine holds freed memory by design, so there it is only printed.
if ldd "${KEEL_BIN:?}" 2>/dev/null | grep -q libasan; then
  echo "# sanitizer build: the peak RSS bound is not checked (ASan's allocator)"
else
  check "no worker's peak RSS grew by 4 MiB or more during it (buffering would add 9)" \
    test "$growth" -lt 4096
fi
call nine_content GET "/files/$(value nine .data.id)/content" -H "$alice"
call nine_anon POST /files -F "file=@$work/nine.txt"
check "a 9 MiB upload without a token is a JSON 401 (the unread body is drained)" \
  error_is nine_anon 401 UNAUTHORIZED
call nine_json POST /files -H "$alice" -H 'Content-Type: application/json' --data-binary "@$work/nine.txt"
check "a 9 MiB body refused for its type is a JSON 415" error_is nine_json 415 UNSUPPORTED_MEDIA_TYPE
check "the 9 MiB file comes back whole" \
  test "$(sha256sum <"$work/nine_content.body" | cut -d' ' -f1)" = "$(value nine .data.sha256)"

# The sweep removes what a crash would leave (an object without a row, an unfinished
# temp file) once old enough, and nothing else.
mkdir -p "$store/objects/00"
orphan=$store/objects/00/00000000000000000000000000000000
echo leftover >"$orphan"
echo partial >"$store/tmp/upload-crash1"
touch -d '2 hours ago' "$orphan" "$store/tmp/upload-crash1"
find "$store/objects" -type f -exec touch -d '2 hours ago' {} +
kept_before=$(find "$store/objects" -type f | wc -l)
"${KEEL_BIN:?}" --config "${KEEL_TEST_ENV_FILE:?}" files sweep >"$work/sweep.out" 2>&1 || true
check "keel files sweep removes the orphan and the temp file" \
  eval 'grep -qx "2 file(s) removed" "$work/sweep.out" && [ ! -e "$orphan" ] && [ ! -e "$store/tmp/upload-crash1" ]'
check "the sweep keeps every object a row names" \
  test "$(find "$store/objects" -type f | wc -l)" -eq $((kept_before - 1))

objects_before=$(find "$store/objects" -type f | wc -l)
call del DELETE "/files/$id" -H "$alice"
check "DELETE answers 204" status_is del 204
call gone GET "/files/$id/content" -H "$alice"
check "a deleted file is a 404" error_is gone 404 NOT_FOUND
check "its object is removed from the store" \
  test "$(find "$store/objects" -type f | wc -l)" -eq $((objects_before - 1))
check "no upload is left behind in the store's tmp/" test -z "$(find "$store/tmp" -type f)"

finish
