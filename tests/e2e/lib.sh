# tests/e2e/lib.sh - shared functions for the end-to-end tests (after
# nbdkit's tests/functions.sh). Source it first:  . "$(dirname "$0")/lib.sh"
#
#   start_rcsim [serve args]  start `rcsim serve --clock manual` on free ports
#                             with a database in the test's temp dir, wait for
#                             /health, export RCSIM_URL. With RCSIM_URL already
#                             set, reuse that server (reset it) instead.
#   stop_rcsim / restart_rcsim  stop (SIGTERM, must exit 0) / restart on the
#                             same database and ports
#   cleanup_fn CMD...         run CMD when the test exits (last added first)
#   requires CMD...           skip the test (exit 77) when CMD is missing
#   requires_own_server       skip when reusing a running server
#   rc ARGS...                run $RCSIM --server $RCSIM_URL ARGS
#   ctl METHOD PATH [JSON]    call the control API; prints the body, fails
#                             unless the status is 2xx
#   ctl_status METHOD PATH [JSON]  prints the HTTP status only
#   jget EXPR                 read JSON on stdin, print EXPR (e.g. arrays.0.name)
#   expect_fail CMD...        CMD must fail (any non-zero status)
#   expect_status N CMD...    CMD must exit with status N
#   assert_eq A B [MSG], assert_ne A B [MSG], assert_contains TEXT PART [MSG]
#   fail MSG                  end the test as failed
#   wsapi ARRAY METHOD PATH [JSON]  a WSAPI call as 3paradm (status in
#                             WSAPI_STATUS, body in $E2E_TMP/wsapi.body)
#   mark_point, group_point   record points in time, check that a group's
#                             volumes are all at one of them (below)
#
# RCSIM_WRAPPER (e.g. "valgrind ...", see `make valgrind`) prefixes the
# server command; RCSIM_TIMEOUT_SCALE (default 1) multiplies the time allowed
# for the server to get ready. With RCSIM_WRAPPER set, the server's exit
# status is checked when the test ends too: a wrapper that reports errors
# through its exit status (valgrind --error-exitcode) fails the test, and
# the files it wrote to $E2E_TMP/wrapper.* are printed.
set -e

: "${RCSIM:=$(pwd)/build/rcsim}"
PY=/usr/bin/python3
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rcsim-e2e.XXXXXX")
export E2E_TMP
RCSIM_PID=
RCSIM_ARGS=
E2E_CLEANUP=

# "tNNN-name.sh:LINE: <that line>" for the line of the test that called
# into lib.sh, when the shell can tell (bash can; run.sh runs the tests
# with bash when there is one). The arrays hide in eval for other shells.
_e2e_where() {
    [ -n "$BASH_VERSION" ] || return 0
    eval '
    _i=0
    while [ $((_i + 1)) -lt ${#BASH_SOURCE[@]} ]; do
        _f=${BASH_SOURCE[$((_i + 1))]}
        case $_f in
        */lib.sh|lib.sh) ;;
        *) _l=${BASH_LINENO[$_i]}
           printf "%s:%s: %s
" "$(basename "$_f")" "$_l" "$(sed -n "${_l}s/^ *//p" "$_f")"
           return 0 ;;
        esac
        _i=$((_i + 1))
    done'
}

fail() {
    _where=$(_e2e_where)
    if [ -n "$_where" ]; then
        printf "FAIL: %s\n  at %s\n" "$*" "$_where" >&2
    else
        echo "FAIL: $*" >&2
    fi
    exit 1
}

cleanup_fn() {
    E2E_CLEANUP="$*
$E2E_CLEANUP"
}

_e2e_exit() {
    status=$?
    set +e
    printf '%s\n' "$E2E_CLEANUP" | while IFS= read -r cmd; do
        [ -n "$cmd" ] && eval "$cmd"
    done
    if [ -n "$RCSIM_PID" ]; then
        kill -TERM "$RCSIM_PID" 2>/dev/null
        wait "$RCSIM_PID" 2>/dev/null
        _st=$?
        if [ -n "$RCSIM_WRAPPER" ] && [ $_st -ne 0 ]; then
            echo "FAIL: rcsim serve exited with status $_st on SIGTERM (under $RCSIM_WRAPPER)" >&2
            [ $status -ne 0 ] || status=1
        fi
    fi
    if [ -n "$RCSIM_WRAPPER" ]; then
        # what the wrapper found (valgrind writes one file per process)
        for _f in "$E2E_TMP"/wrapper.*; do
            [ -s "$_f" ] || continue
            echo "--- $_f"
            cat "$_f"
        done
    fi
    if [ $status -ne 0 ] && [ -f "$E2E_TMP/serve.log" ]; then
        echo "--- server log (last 30 lines)"
        tail -n 30 "$E2E_TMP/serve.log"
    fi
    rm -rf "$E2E_TMP"
    exit $status
}
trap _e2e_exit EXIT
trap 'exit 130' INT TERM

requires() {
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || { echo "skip: requires $c"; exit 77; }
    done
}

requires curl

E2E_REUSE=
[ -n "$RCSIM_URL" ] && E2E_REUSE=1

requires_own_server() {
    [ -z "$E2E_REUSE" ] || { echo "skip: needs its own rcsim (RCSIM_URL is set)"; exit 77; }
}

# Picks a control port and a port offset so that both arrays' WSAPI and SSH
# ports (fixture port + offset, on 127.0.0.1 and 127.0.0.2) are free.
pick_ports() {
    $PY - <<'PYEOF'
import random, socket
def free(addr, port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((addr, port))
        return True
    except OSError:
        return False
    finally:
        s.close()
for _ in range(500):
    off = random.randrange(1000, 25000)
    ctl = random.randrange(40000, 60000)
    ports = [p + off for p in (8008, 8009, 8080, 8081, 2222, 2223, 10809, 10810)]
    if all(free(a, p) for a in ("127.0.0.1", "127.0.0.2") for p in ports) and \
       free("127.0.0.1", ctl):
        print(ctl, off)
        break
PYEOF
}

wait_health() {
    i=0
    while [ $i -lt $((200 * ${RCSIM_TIMEOUT_SCALE:-1})) ]; do
        # ready: every listener up (readiness needs no token)
        _c=$(curl -s -o /dev/null -w '%{http_code}' "$RCSIM_URL/sim/v1/ready" || true)
        [ "$_c" = 200 ] && return 0
        kill -0 "$RCSIM_PID" 2>/dev/null || fail "rcsim serve exited: $(tail -n 5 "$E2E_TMP/serve.log")"
        sleep 0.05
        i=$((i + 1))
    done
    fail "rcsim serve was not ready within $((10 * ${RCSIM_TIMEOUT_SCALE:-1})) s"
}

start_rcsim() {
    if [ -n "$E2E_REUSE" ]; then
        rc reset >/dev/null
        return 0
    fi
    if [ -z "$CTL_PORT" ]; then
        set -- "$@"
        ports=$(pick_ports)
        [ -n "$ports" ] || fail "no free ports"
        CTL_PORT=${ports% *}
        PORT_OFFSET=${ports#* }
    fi
    RCSIM_DB=${RCSIM_DB:-$E2E_TMP/rcsim.db}
    RCSIM_ARGS="$*"
    export RCSIM_URL="http://127.0.0.1:$CTL_PORT"
    # shellcheck disable=SC2086
    $RCSIM_WRAPPER "$RCSIM" serve --clock manual --db "$RCSIM_DB" --control "127.0.0.1:$CTL_PORT" \
        --port-offset "$PORT_OFFSET" --log-level "${RCSIM_LOG_LEVEL:-info}" "$@" \
        >"$E2E_TMP/serve.out" 2>>"$E2E_TMP/serve.log" &
    RCSIM_PID=$!
    wait_health
}

stop_rcsim() {
    [ -n "$RCSIM_PID" ] || return 0
    kill -TERM "$RCSIM_PID"
    st=0
    wait "$RCSIM_PID" || st=$?
    RCSIM_PID=
    [ $st -eq 0 ] || fail "rcsim serve exited with status $st on SIGTERM"
}

restart_rcsim() {
    requires_own_server
    stop_rcsim
    # shellcheck disable=SC2086
    start_rcsim $RCSIM_ARGS
}

rc() {
    "$RCSIM" --server "$RCSIM_URL" "$@"
}

ctl() {
    _m=$1 _p=$2
    shift 2
    _code=$(curl -sS -o "$E2E_TMP/ctl.body" -w '%{http_code}' -X "$_m" \
        ${RCSIM_TOKEN:+-H "Authorization: Bearer $RCSIM_TOKEN"} \
        ${1+-H 'Content-Type: application/json' --data-binary "$1"} \
        "$RCSIM_URL/sim/v1$_p")
    cat "$E2E_TMP/ctl.body"
    case $_code in 2??) return 0;; *) return 1;; esac
}

ctl_status() {
    _m=$1 _p=$2
    shift 2
    curl -sS -o "$E2E_TMP/ctl.body" -w '%{http_code}' -X "$_m" \
        ${RCSIM_TOKEN:+-H "Authorization: Bearer $RCSIM_TOKEN"} \
        ${1+-H 'Content-Type: application/json' --data-binary "$1"} \
        "$RCSIM_URL/sim/v1$_p"
}

# The body of the last ctl/ctl_status call.
ctl_body() {
    cat "$E2E_TMP/ctl.body"
}

jget() {
    $PY -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    if k == "":
        continue
    v = v[int(k)] if isinstance(v, list) else v[k]
print(json.dumps(v) if isinstance(v, (dict, list)) else ("" if v is None else str(v).lower() if isinstance(v, bool) else v))
' "$1"
}

expect_fail() {
    if "$@"; then
        fail "expected failure: $*"
    fi
    return 0
}

expect_status() {
    _want=$1
    shift
    _st=0
    "$@" || _st=$?
    [ "$_st" -eq "$_want" ] || fail "expected status $_want, got $_st: $*"
}

# The tests write assert_eq "$(what the simulator says)" "what it should".
assert_eq() {
    [ "$1" = "$2" ] || fail "${3:-values differ}
  expected: '$2'
  actual:   '$1'"
}

assert_ne() {
    [ "$1" != "$2" ] || fail "${3:-values equal}
  not expected: '$1'"
}

assert_contains() {
    case $1 in
    *"$2"*) ;;
    *) fail "${3:-text does not contain what it should}
  expected to contain: '$2'
  actual: $1" ;;
    esac
}

# ---- remote copy (tests t3xx-t6xx) ----------------------------------------
#   rc_group G [VV...]        on site-a: creatercopygroup G site-b:sync (CPGs
#                             FC_r1/FC_r5 on both sides), a 1 GiB thin volume
#                             per VV (default G_v) admitted with -createvv
#   gget ARRAY GROUP EXPR     one field of `rcsim groups --json ARRAY GROUP`
#   pair_status ARRAY GROUP [N]  SyncStatus of pair N (default 0)
#   group_state ARRAY GROUP   "role/status" of the group
#   advance_until_synced G [MAX]  advance the clock 1 s at a time until every
#                             pair of G on site-a is Synced (at most MAX s)
#   same_data ARRAY_VV...     pairs "a:vv b:vv": digests must be equal
rc_group() {
    _g=$1
    shift
    [ $# -gt 0 ] || set -- "${_g}_v"
    rc cli site-a creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 site-b:FC_r5 \
        "$_g" "site-b:${RC_MODE:-sync}" >/dev/null
    for _v in "$@"; do
        rc cli site-a createvv -tpvv -snp_cpg FC_r5 FC_r1 "$_v" "${RC_SIZE:-1g}" >/dev/null
        rc cli site-a admitrcopyvv -createvv "$_v" "$_g" "site-b:$_v" >/dev/null
    done
}

gget() {
    rc --json groups "$1" "$2" | jget "$3"
}

pair_status() {
    rc --json groups "$1" "$2" | jget "pairs.${3:-0}.status"
}

group_state() {
    rc --json groups "$1" "$2" | $PY -c '
import json, sys
g = json.load(sys.stdin)
print(g["role"] + "/" + g["status"])'
}

# Prints "ok" when every pair of the group is Synced.
all_synced() {
    rc --json groups "$1" "$2" | $PY -c '
import json, sys
g = json.load(sys.stdin)
print("ok" if g["pairs"] and all(p["status"] == "Synced" for p in g["pairs"]) else "no")'
}

advance_until_synced() {
    _i=0
    while [ "$(all_synced site-a "$1")" != ok ]; do
        _i=$((_i + 1))
        [ $_i -le "${2:-600}" ] || fail "group $1 not synced after ${2:-600} s: $(rc groups site-a "$1")"
        rc clock advance 1s >/dev/null
    done
}

same_data() {
    _first=
    for _av in "$@"; do
        _d=$(rc io digest "${_av%%:*}" "${_av#*:}")
        [ -z "$_first" ] && _first=$_d
        [ "$_d" = "$_first" ] || fail "digest of $_av differs: $_d != $_first ($1)"
    done
}

# ---- points in time (group consistency, docs/behaviour.md §Remote copy) ----
#   mark_point LABEL ARRAY VV...  records the digest of each VV on ARRAY as
#                             the data at point LABEL (e.g. before a resync)
#   group_point ARRAY GROUP LABEL...  prints the one recorded point that
#                             every volume of GROUP on ARRAY holds (each
#                             volume is matched by its pair's name on the
#                             side that was marked); fails when the volumes
#                             are at different points, or at none
mark_point() {
    _l=$1 _a=$2
    shift 2
    mkdir -p "$E2E_TMP/points/$_l"
    for _v in "$@"; do
        rc io digest "$_a" "$_v" >"$E2E_TMP/points/$_l/$_v"
    done
}

group_point() {
    _a=$1 _g=$2
    shift 2
    _common=" $* "
    for _pair in $(rc --json groups "$_a" "$_g" | $PY -c '
import json, sys
for p in json.load(sys.stdin)["pairs"]:
    print(p["local_vv"] + ":" + p["remote_vv"])'); do
        _d=$(rc io digest "$_a" "${_pair%%:*}")
        _here=
        for _l in "$@"; do
            for _n in "${_pair%%:*}" "${_pair#*:}"; do
                [ -f "$E2E_TMP/points/$_l/$_n" ] && [ "$(cat "$E2E_TMP/points/$_l/$_n")" = "$_d" ] &&
                    _here="$_here $_l "
            done
        done
        [ -n "$_here" ] || fail "$_a:${_pair%%:*} of group $_g is at none of the points: $*"
        _keep=
        for _l in $_common; do
            case $_here in *" $_l "*) _keep="$_keep $_l " ;; esac
        done
        _common=$_keep
        [ -n "$_common" ] || fail "the volumes of group $_g on $_a are at different points in time ($_a:${_pair%%:*} at$_here)"
    done
    set -- $_common
    echo "$1"
}

# ---- WSAPI ------------------------------------------------------------------
#   wsapi ARRAY METHOD PATH [JSON]  a WSAPI call as 3paradm (one session per
#                             array, made on first use); prints the body and
#                             sets WSAPI_STATUS; fails unless 2xx
wsapi_url() {
    case $1 in
    site-a) echo "http://127.0.0.1:$((8008 + PORT_OFFSET))/api/v1" ;;
    site-b) echo "http://127.0.0.2:$((8008 + PORT_OFFSET))/api/v1" ;;
    *) fail "no WSAPI address for $1" ;;
    esac
}

wsapi() {
    _a=$1 _m=$2 _p=$3
    shift 3
    _kf="$E2E_TMP/wsapi.key.$_a"
    if [ ! -s "$_kf" ]; then
        curl -sS -X POST -H 'Content-Type: application/json' \
            --data '{"user": "3paradm", "password": "3pardata"}' \
            "$(wsapi_url "$_a")/credentials" | jget key >"$_kf"
    fi
    WSAPI_STATUS=$(curl -sS -o "$E2E_TMP/wsapi.body" -w '%{http_code}' -X "$_m" \
        -H "X-HP3PAR-WSAPI-SessionKey: $(cat "$_kf")" \
        ${1+-H 'Content-Type: application/json' --data-binary "$1"} "$(wsapi_url "$_a")$_p")
    cat "$E2E_TMP/wsapi.body"
    case $WSAPI_STATUS in 2??) return 0;; *) return 1;; esac
}
