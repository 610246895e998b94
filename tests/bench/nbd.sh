#!/bin/sh
# tests/bench/nbd.sh RCSIM CTL_PORT PORT_OFFSET TMPDIR - the host data path
# against `nbdkit memory` in the same run, with qemu-img bench (queue
# depth 16): 4 KiB writes scattered over the volume (a stride of 7919
# blocks, wrapping) and 1 MiB sequential reads; unreplicated and
# sync-replicated volumes. Prints "name\tmeasured\tgoal\tok" rows.
set -e
rcsim=$1 ctl=$2 off=$3 tmp=$4
url="http://127.0.0.1:$ctl"
command -v qemu-img >/dev/null && command -v nbdkit >/dev/null || {
    printf 'nbd: qemu-img and nbdkit missing\t-\t-\tskipped\n'; exit 0; }
N=${NBD_BENCH_WRITES:-40000}
R=${NBD_BENCH_READS:-2048}

"$rcsim" serve --clock manual --db "$tmp/nbd.db" --control "127.0.0.1:$ctl" \
    --port-offset "$off" --log-level warn >/dev/null 2>"$tmp/nbd.log" &
spid=$!
kpid=
trap 'kill $spid $kpid 2>/dev/null; wait $spid $kpid 2>/dev/null || true' EXIT
"$rcsim" --server "$url" wait --timeout 30s >/dev/null
rc() { "$rcsim" --server "$url" "$@" >/dev/null; }
rc cli site-a createvv -tpvv FC_r1 plain 4g
rc cli site-a creatercopygroup -usr_cpg FC_r1 site-b:FC_r1 -snp_cpg FC_r5 site-b:FC_r5 g site-b:sync
rc cli site-a createvv -tpvv -snp_cpg FC_r5 FC_r1 synced 4g
rc cli site-a admitrcopyvv -createvv synced g site-b:synced
rc cli site-a startrcopygroup g
rc clock advance 5s
rc cli site-a createhost -iscsi h iqn.2026-01.com.example:h
rc cli site-a createvlun plain 0 h
rc cli site-a createvlun synced 1 h
nbd=$((10809 + off))
kport=$((nbd + 2))
nbdkit --exit-with-parent -f -p "$kport" -i 127.0.0.1 memory 4G 2>"$tmp/nbdkit.log" &
kpid=$!
i=0
until qemu-img info "nbd://127.0.0.1:$kport" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "nbd: nbdkit did not start" >&2; exit 1; }
    sleep 0.05
done

# seconds qemu-img bench took: bench ARGS... URL
bench() {
    qemu-img bench -f raw -d 16 "$@" 2>&1 | sed -n 's/^Run completed in \([0-9.]*\) seconds.*/\1/p'
}
wr() { bench -w -s 4096 -c "$N" -S $((4096 * 7919)) "$1"; }
rd() { bench -s 1M -c "$R" -S 1M "$1"; }
K="nbd://127.0.0.1:$kport"
P="nbd://127.0.0.1:$nbd/h/0"
S="nbd://127.0.0.1:$nbd/h/1"
kw=$(wr "$K"); pw=$(wr "$P"); sw=$(wr "$S")
kr=$(rd "$K"); pr=$(rd "$P")
awk -v n="$N" -v r="$R" -v kw="$kw" -v pw="$pw" -v sw="$sw" -v kr="$kr" -v pr="$pr" 'BEGIN {
    kwr = n / kw; pwr = n / pw; swr = n / sw; krr = r / kr; prr = r / pr
    printf "nbd: nbdkit memory, 4 KiB scattered writes\t%.0f /s\t(anchor)\t-\n", kwr
    printf "nbd: rcsim volume, 4 KiB scattered writes\t%.0f /s (%.2fx nbdkit)\t>= 0.5x nbdkit\t%s\n",
        pwr, pwr / kwr, (pwr >= kwr / 2 ? "ok" : "NO")
    printf "nbd: rcsim sync-replicated, 4 KiB writes\t%.0f /s\t>= 20000 /s\t%s\n",
        swr, (swr >= 20000 ? "ok" : "NO")
    printf "nbd: nbdkit memory, 1 MiB sequential reads\t%.0f MiB/s\t(anchor)\t-\n", krr
    printf "nbd: rcsim volume, 1 MiB sequential reads\t%.0f MiB/s (%.2fx nbdkit)\t>= 0.5x nbdkit\t%s\n",
        prr, prr / krr, (prr >= krr / 2 ? "ok" : "NO")
}'
