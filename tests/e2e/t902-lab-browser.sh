#!/bin/sh
# The lab view in a real browser (tests/browser/lab_view.cjs): token
# prompt, the link cut from its button, the group stopping with its resync
# snapshot, the clock advanced from the page, the resync progress bar
# moving and finishing, CLI commands in the terminal pane, a failover, the
# keyboard path and accessible names (axe-core), and the stream living
# through a reset. Screenshots go to build/lab-shots/ (docs/img/ keeps the
# committed ones). Skipped only when chromium or the npm packages that
# drive it are missing (make check installs them).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
NODE_PATH=${NODE_PATH:-$root/build/node_modules}
export NODE_PATH
requires node
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "chromium is not installed"; exit 77; }
[ -d "$NODE_PATH/playwright-core" ] || { echo "playwright-core is not installed (make test-deps)"; exit 77; }
requires_own_server
RCSIM_TOKEN=lab-secret-token
export RCSIM_TOKEN
start_rcsim

rc_group g
rc io write site-a g_v --offset 0 --length 1M --pattern 1
rc cli site-a startrcopygroup g >/dev/null
advance_until_synced g

SHOTS=${SHOTS:-$root/build/lab-shots}
mkdir -p "$SHOTS"
export SHOTS
st=0
node "$root/tests/browser/lab_view.cjs" || st=$?
[ $st -ne 77 ] || { echo "chromium cannot run here"; exit 77; }
[ $st -eq 0 ] || fail "the browser test failed (status $st)"
