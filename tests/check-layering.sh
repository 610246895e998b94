#!/bin/sh
# The dependency direction util <- store <- sim <- {cli, api} <- rcsim.c and
# tool/, and each library in its home (HACKING.md §4.2); SQL only in store/, and
# never built from strings (§2.8). Fails on any backward edge.
fail=0
bad() { echo "check-layering: $1"; fail=1; }
inc() { grep -HnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]$2" $1 2>/dev/null; }

for f in util/*.[ch]; do
    inc "$f" '(store|sim|cli|api)/' && bad "$f: util/ includes a higher layer"
done
for f in store/*.[ch]; do
    inc "$f" '(sim|cli|api)/' && bad "$f: store/ includes a higher layer"
done
for f in sim/*.[ch]; do
    inc "$f" '(cli|api)/' && bad "$f: sim/ includes cli/ or api/"
done
for f in cli/*.[ch]; do
    inc "$f" 'api/' && bad "$f: cli/ includes api/"
done
for f in api/*.[ch]; do
    inc "$f" 'cli/(commands|internal)' && bad "$f: api/ reaches into cli/ internals"
done
for f in util/*.[ch] sim/*.[ch] cli/*.[ch] api/*.[ch] rcsim.c tool/*.[ch]; do
    [ -f "$f" ] || continue
    inc "$f" 'sqlite3\.h' && bad "$f: sqlite3.h outside store/"
done
for f in util/*.[ch] store/*.[ch] sim/*.[ch] cli/*.[ch] rcsim.c tool/*.[ch]; do
    [ -f "$f" ] || continue
    inc "$f" 'microhttpd\.h' && bad "$f: microhttpd.h outside api/"
done
for f in util/*.[ch] store/*.[ch] sim/*.[ch] cli/*.[ch] api/*.[ch] rcsim.c tool/*.[ch]; do
    [ -f "$f" ] || continue
    [ "$f" = api/ctl_client.c ] && continue
    inc "$f" 'curl/curl\.h' && bad "$f: curl/curl.h outside api/ctl_client.c"
done
for f in util/*.[ch] store/*.[ch] sim/*.[ch] cli/*.[ch] api/*.[ch] rcsim.c tool/*.[ch]; do
    [ -f "$f" ] || continue
    case "$f" in cli/ssh*.c) continue;; esac
    inc "$f" 'libssh/' && bad "$f: libssh outside cli/ssh.c"
done
for f in util/*.[ch] store/*.[ch] sim/*.[ch] cli/*.[ch]; do
    [ -f "$f" ] || continue
    [ "$f" = sim/fixture.c ] && continue
    inc "$f" 'cjson/cJSON\.h' && bad "$f: cJSON outside api/, rcsim.c, sim/fixture.c"
done
# SQL stays in store/
for f in sim/*.c cli/*.c api/*.c rcsim.c tool/*.[ch]; do
    [ -f "$f" ] || continue
    grep -HnE '"(SELECT|INSERT|UPDATE|DELETE|CREATE|BEGIN|COMMIT) ' "$f" && bad "$f: SQL outside store/"
done
for f in util/*.[ch] store/*.[ch] sim/*.[ch] cli/*.[ch] api/*.[ch]; do
    inc "$f" 'tool/' && bad "$f: a library includes tool/"
done
# SQL is literals with ? parameters, never built from strings (HACKING.md §4.8):
# no printf-family SQL builders, no %s/%q/%Q/%w in a literal holding SQL,
# and sqlite3_exec only on constants (store.c exec_sql, migrate.c).
for f in store/*.c; do
    grep -HnE 'sqlite3_(v?mprintf|snprintf|str_(new|appendf|vappendf))' "$f" &&
        bad "$f: SQL built with a printf function"
    grep -HnE '"[^"]*(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|PRAGMA)[^"]*%[^d"]' "$f" &&
        bad "$f: a printf conversion in SQL text"
    grep -HnE 'sqlite3_exec\(' "$f" | grep -vE 'sqlite3_exec\([a-z>.-]*db, ("[A-Z ]+"|sql|migrations\[v\]|pragma),' &&
        bad "$f: sqlite3_exec on something that is not a constant"
done
[ $fail = 0 ] && echo "check-layering: ok"
exit $fail
