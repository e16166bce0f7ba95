#!/usr/bin/env bash
# Benchmark of the bounded summariser (issue 13, item 1): generates plain-text interview
# transcripts of 3,000 and 20,000 interviewee sentences (about 19 characters each, as in the
# review that found 3,000 took 5.4 s and 20,000 ran out of memory), digests each in a process of
# its own under /usr/bin/time (parse, interviewee, per-question summary, conversation
# features: what `PUT interviews/{id}/transcript` does), and prints wall time and max RSS next to
# a baseline from the same run: parsing the same file alone (`--parse-only`).
#
#   tests/bench/summary.sh [--before REV]
#
# --before REV also builds the summariser as it was at REV (a temporary git worktree, its own
# target dir under target/) and runs it on the 3,000-sentence file, and on the 20,000 one under
# a 2 GiB address-space limit (the old n x n table alone needs 3.2 GB there).
# Uses the dev build; mendan-text and its dependencies are at opt-level 3 in it (Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")/../.."
before=""
if [ "${1:-}" = "--before" ]; then before=${2:?--before needs a git revision}; fi

opt=(--config 'profile.dev.package.mendan-text.opt-level=3')
cargo build --quiet -p mendan-text --example digest "${opt[@]}"
bin=target/debug/examples/digest
work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    if [ -n "$before" ]; then git worktree remove --force "$work-before" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ -n "$before" ]; then
    git worktree add --quiet --detach "$work-before" "$before"
    mkdir -p "$work-before/shared/text/examples"
    cp shared/text/examples/digest.rs "$work-before/shared/text/examples/digest.rs"
    CARGO_TARGET_DIR="$PWD/target/bench-before" cargo build --quiet --manifest-path "$work-before/Cargo.toml" \
        -p mendan-text --example digest "${opt[@]}"
    old_bin=target/bench-before/debug/examples/digest
fi

python3 - "$work" <<'PY'
import random, sys
words = ["前職では", "営業", "チームの", "目標を", "立てて", "顧客の", "声を", "聞き", "提案資料を", "共通化し",
         "新人でも", "品質を", "保ち", "半年で", "三割", "改善の", "進め方を", "見直し", "リーダーとして",
         "会議を", "減らし", "売上が", "課題を", "整理し", "週末は", "山に", "後輩を", "育て", "仕組みを"]
ends = ["ました。", "ています。", "ました！", "たいです。"]
for n in (3000, 20000):
    rng = random.Random(n)
    lines, said = [], 0
    while said < n:
        lines.append(f"面接官: {rng.choice(words)}{rng.choice(words)}について教えていただけますか？")
        k = min(rng.randint(3, 12), n - said)
        answer = "".join("".join(rng.choice(words) for _ in range(rng.randint(2, 4))) + rng.choice(ends) for _ in range(k))
        lines.append(f"候補者: {answer}")
        said += k
    open(f"{sys.argv[1]}/interview-{n}.txt", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY

# Runs one command under /usr/bin/time; prints "wall_s cpu_s max_rss_kib exit_status" (wall time from a
# nanosecond clock, CPU = user + system, which shared machines disturb less).
measure() {
    local log="$work/time.log" status=0 start end
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S %M' -o "$log" "$@" >/dev/null 2>&1 || status=$?
    end=$(date +%s%N)
    awk -v wall="$(( (end - start) / 1000000 ))" -v status="$status" \
        'END { printf "%.3f %.2f %d %s\n", wall / 1000, $1 + $2, $3, status }' "$log"
}

report() {
    python3 - "$@" <<'PY'
import sys
label, size, wall, cpu, rss, status, base_wall, base_rss = sys.argv[1:9]
wall, cpu, rss, base_wall, base_rss = float(wall), float(cpu), int(rss), float(base_wall), int(base_rss)
note = "" if status == "0" else f"  FAILED (exit {status})"
print(f"{label:34} {size:>9}  {wall:7.3f} s  {cpu:6.2f} s  {rss / 1024:8.1f} MiB  = {wall / base_wall:6.1f}x time, "
      f"{rss / base_rss:5.1f}x RSS of parsing alone{note}")
PY
}

echo "file sizes: $(du -k "$work"/interview-3000.txt | cut -f1) KiB (3,000 sentences), $(du -k "$work"/interview-20000.txt | cut -f1) KiB (20,000)"
printf '%-34s %9s  %9s  %8s  %12s\n' "run" "sentences" "wall" "CPU" "max RSS"
for n in 3000 20000; do
    file="$work/interview-$n.txt"
    read -r bw bc br _ < <(measure "$bin" "$file" --parse-only)
    report "baseline: parse only" "$n" "$bw" "$bc" "$br" 0 "$bw" "$br"
    read -r w c r s < <(measure "$bin" "$file")
    report "digest (bounded summariser)" "$n" "$w" "$c" "$r" "$s" "$bw" "$br"
    if [ -n "$before" ]; then
        if [ "$n" -le 3000 ]; then
            read -r ow oc orss os < <(measure "$old_bin" "$file")
        else
            read -r ow oc orss os < <(ulimit -v $((2 * 1024 * 1024)); measure "$old_bin" "$file")
        fi
        report "digest at $before (n x n table)" "$n" "$ow" "$oc" "$orss" "$os" "$bw" "$br"
    fi
done
echo "targets (issue 13): 20,000 sentences in under 2 s and 200 MiB"
