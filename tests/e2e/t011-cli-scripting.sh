#!/bin/sh
# rcsim in scripts and at a terminal: --json output stays one JSON
# document when a command asks a question, a quoted command line is read
# as the SSH front reads it, every command has --help (and the man page is
# made of the same text); at a terminal Ctrl-C at a question answers no
# and Tab completes, and a long file write shows progress (only there).
. "$(dirname "$0")/lib.sh"
start_rcsim
PTY="$PY $(dirname "$0")/helpers/pty_run.py"

rc cli site-a createvv -tpvv FC_r1 db 1g >/dev/null

# --json: the question goes to stderr, stdout is one JSON document, and
# end of input answers no
st=0
rc --json cli site-a removevv db </dev/null >"$E2E_TMP/out" 2>"$E2E_TMP/err" || st=$?
$PY -c 'import json, sys; json.load(open(sys.argv[1]))' "$E2E_TMP/out" ||
    fail "stdout is not one JSON document: $(cat "$E2E_TMP/out")"
assert_contains "$(jget prompt <"$E2E_TMP/out")" "remove virtual volume(s) db"
assert_contains "$(cat "$E2E_TMP/err")" "select q=quit y=yes n=no"
assert_contains "$(rc cli site-a showvv db)" " db "
# piped answers still work, and the question stays out of the output
out=$(echo y | rc cli site-a removevv db 2>/dev/null)
case $out in *select*) fail "the question went to stdout: $out" ;; esac
assert_contains "$(rc cli site-a showvv db)" "no vv listed"

# one quoted argument is a command line, as over SSH
rc cli site-a createvv -tpvv FC_r1 v1 1g >/dev/null
assert_contains "$(rc cli site-a "showvv -p -type base")" " v1 "
assert_contains "$(rc cli site-a "showvv v1; showsys")" "site-a"
assert_contains "$(rc cli site-a "createvv -tpvv -comment 'two words' FC_r1 v2 1g" &&
    rc cli site-a showvv -d v2)" " v2 "

# help: every command has --help with its usage, and the man page holds
# them all
for c in $(rc help | awk '/^  [a-z]/ {print $1}'); do
    h=$(rc "$c" --help) || fail "rcsim $c --help failed"
    assert_contains "$h" "usage: rcsim $c"
    case " serve wait cli io clock link array fault timeline events checkpoint " in
    *" $c "*) assert_contains "$h" "Options:" "rcsim $c --help" ;;
    esac
    [ "$c" = version ] || assert_contains "$h" "Example:" "rcsim $c --help"
    assert_eq "$(rc help "$c")" "$h" "rcsim help $c"
done
h=$(rc cli --help)
assert_contains "$h" "RCSIM_CLI_USER"
assert_contains "$(rc serve --help)" "--checkpoint-dir D"
assert_contains "$(rc serve --help)" "(default: ./rcsim.db)"
assert_contains "$(rc serve --help | tr -s " \n" "  ")" "(env: RCSIM_TOKEN)"
assert_contains "$(rc link -h)" "--at T"
man=$(rc help --man)
assert_contains "$man" ".TH RCSIM 1"
for c in serve cli timeline checkpoint; do
    assert_contains "$man" ".SS \"$c\""
done
assert_contains "$man" "RCSIM_CLI_USER"
if command -v groff >/dev/null 2>&1; then
    rc help --man | groff -man -Tutf8 -ww -z 2>"$E2E_TMP/groff" || fail "groff failed"
    [ -s "$E2E_TMP/groff" ] && fail "groff warned: $(cat "$E2E_TMP/groff")"
fi

# at a terminal: Ctrl-C at a question answers no and returns to the
# prompt; Tab completes a command and an option, twice lists
printf '%s\t%s\n' \
    'site-a cli% ' 'removevv v1\r' \
    'select q=quit y=yes n=no: ' '\x03' \
    'site-a cli% ' 'showr\t' \
    'showrcopy ' '\x15showvv -noh\t' \
    '-nohdtot ' 'v1\r' \
    'site-a cli% ' 'showv\t\t' \
    'showvvset' '\x15exit\r' |
    $PTY "$RCSIM" --server "$RCSIM_URL" cli site-a >"$E2E_TMP/tty" ||
    fail "the shell did not end well: $(cat "$E2E_TMP/tty")"
assert_contains "$(rc cli site-a showvv v1)" " v1 " "Ctrl-C removed the volume"
grep -q '^[0-9]* v1 tpvv' "$E2E_TMP/tty" || fail "showvv -nohdtot v1 did not run: $(cat "$E2E_TMP/tty")"
assert_contains "$(cat "$E2E_TMP/tty")" "showversion  showvlun  showvv  showvvset"
# a single command at a terminal: Ctrl-C answers no as well (exit 1)
st=0
printf '%s\t%s\n' 'select q=quit y=yes n=no: ' '\x03' |
    $PTY "$RCSIM" --server "$RCSIM_URL" cli site-a removevv v1 >"$E2E_TMP/tty" || st=$?
[ $st -ne 130 ] || fail "Ctrl-C killed rcsim cli"
assert_contains "$(rc cli site-a showvv v1)" " v1 "

# progress of a long write: a bar on a terminal, nothing in a pipe
head -c 12582912 /dev/urandom >"$E2E_TMP/data"
rc cli site-a createvv -tpvv FC_r1 big 1g >/dev/null
PTY_RUN_STDOUT="$E2E_TMP/stdout" $PTY --stderr-only "$RCSIM" --server "$RCSIM_URL" \
    io write site-a big --offset 0 --file "$E2E_TMP/data" </dev/null >"$E2E_TMP/tty"
assert_contains "$(cat "$E2E_TMP/tty")" "12.0 MiB / 12.0 MiB  100%"
assert_contains "$(cat "$E2E_TMP/tty")" "MiB/s"
assert_contains "$(cat "$E2E_TMP/stdout")" "wrote 12582912 bytes"
"$RCSIM" --server "$RCSIM_URL" io write site-a big --offset 0 --file "$E2E_TMP/data" \
    2>"$E2E_TMP/err" >/dev/null
[ -s "$E2E_TMP/err" ] && fail "progress in a pipe: $(cat "$E2E_TMP/err")"
rc io read site-a big --offset 0 --length 12M --out "$E2E_TMP/back"
cmp -s "$E2E_TMP/data" "$E2E_TMP/back" || fail "the data read back differs"
