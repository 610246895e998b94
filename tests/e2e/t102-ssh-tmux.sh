#!/bin/sh
# t102: an operator at a terminal. OpenSSH's client in a tmux pane logs in
# to site-b, fixes a typo with backspace, recalls a command from history,
# types a DR command, answers the confirmation prompt (docs/array-remote-copy.md §5.4) and
# sees the group become Primary-Rev; then declines a second question, and
# Ctrl-C abandons a half-typed line.
. "$(dirname "$0")/lib.sh"
requires tmux sshpass ssh
requires_own_server
start_rcsim

PORT=$((2222 + PORT_OFFSET))
SESS="rcsim-t102-$$"
cleanup_fn "tmux kill-session -t $SESS 2>/dev/null"

rc_group g
rc cli site-a startrcopygroup g >/dev/null
advance_until_synced g
rc cli site-a stoprcopygroup -f g >/dev/null

screen() { tmux capture-pane -p -t "$SESS" -S -200; }

# Waits until the pane shows TEXT (fixed string) at least N times.
wait_for() {
    _i=0
    while [ "$(screen | grep -cF -- "$1")" -lt "${2:-1}" ]; do
        _i=$((_i + 1))
        [ $_i -le 200 ] || fail "the terminal never showed '$1' (x${2:-1}):
$(screen)"
        sleep 0.05
    done
}

type_line() { tmux send-keys -t "$SESS" -l -- "$1"; tmux send-keys -t "$SESS" Enter; }

tmux new-session -d -s "$SESS" -x 160 -y 50 \
    "sshpass -p 3pardata ssh -tt -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
     -o LogLevel=ERROR -p $PORT 3paradm@127.0.0.2; sleep 30"
wait_for "site-b cli%"

# a typo, fixed with backspace before Enter
tmux send-keys -t "$SESS" -l "showsysx"
tmux send-keys -t "$SESS" BSpace Enter
wait_for "site-b cli%" 2
screen | grep -q "site-b" || fail "showsys printed nothing"
screen | grep -q "invalid command name" && fail "the typo reached the array"

# history: Up recalls showsys
tmux send-keys -t "$SESS" Up Enter
wait_for "site-b cli%" 3
[ "$(screen | grep -c -- '-Name-')" -ge 2 ] || fail "Up did not recall showsys:
$(screen)"

# the DR command and its question
type_line "setrcopygroup failover g.r101"
wait_for "select q=quit y=yes n=no:"
type_line "y"
wait_for "failover started with tasks:"
wait_for "site-b cli%" 4
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Stopped"
type_line "showrcopy groups"
wait_for "Primary-Rev"

# answering n changes nothing
before_a=$(group_state site-a g)
type_line "setrcopygroup recover g.r101"
wait_for "select q=quit y=yes n=no:" 2
type_line "n"
wait_for "site-b cli%" 6
assert_eq "$(group_state site-b g.r101)" "Primary-Rev/Stopped"
assert_eq "$(group_state site-a g)" "$before_a"

# Ctrl-C drops a half-typed line and gives a new prompt
tmux send-keys -t "$SESS" -l "removevv -f g_v"
tmux send-keys -t "$SESS" C-c
wait_for "site-b cli%" 7
rc cli site-b showvv g_v >/dev/null || fail "the interrupted line ran"

type_line "exit"
_i=0
while screen | tail -n 3 | grep -q "site-b cli%$"; do
    _i=$((_i + 1))
    [ $_i -le 100 ] || fail "exit did not end the session"
    sleep 0.05
done
