#!/bin/sh
# keel for Apache (mod_cgi, suEXEC, mod_fcgid) and lighttpd: the program the server
# starts. Absolute paths: suEXEC and mod_fcgid clear the environment, HOME included.
# Replace the two ${...} with the paths of the binary and of its keel.env (mode 0600).
# Arguments are passed on (lighttpd: "serve --listen fd:0").
exec ${KEEL_BIN} --config ${KEEL_CONFIG} "$@"
