#!/usr/bin/env bash
# Ingest benchmark: articles/s, facts/s and peak memory of `kg ingest` into
# the local Neo4j, for generated corpora of growing size, a re-run of an
# unchanged corpus, and the real news in ../shared/data/news when present.
#
#   bench/ingest.sh [N ...]        default: 1000 10000
#
# Each measurement starts from an empty graph. Prints a Markdown table for
# docs/BENCHMARKS.md. Needs /usr/bin/time (Debian package time) for memory.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
news_dir=../shared/data/news
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

scripts/neo4j start >/dev/null
go build -o "$work/kg" ./cmd/kg
kg="$work/kg"
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%M')

wipe() {
	scripts/neo4j query 'MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS' >/dev/null
}

# measure LABEL INPUT...: one ingest; prints a table row.
measure() {
	local label=$1
	shift
	local out rss=""
	out=$({ "${timer[@]}" "$kg" ingest --json "$@" 2>"$work/err"; } 2>&1) || { cat "$work/err" >&2; return 1; }
	[ ${#timer[@]} -gt 0 ] && rss=$(tail -n 1 "$work/err")
	SUMMARY=$out python3 -c '
import json, os, sys
label, rss = sys.argv[1], sys.argv[2]
s = json.loads(os.environ["SUMMARY"])
secs = s["elapsed"] / 1e9
done = s["new"] + s["updated"] + s["unchanged"]
facts = s["entities"] + s["relations"] + s["statements"]
failed = s["failed"]
mem = f"{int(rss) / 1024:.0f} MB" if rss.isdigit() else "n/a"
print(f"| {label} | {done} | {secs:.1f} s | {done / secs:.0f} | {facts} | {facts / secs:.0f} | {failed} | {mem} |")
' "$label" "$rss"
}

echo "| run | articles | time | articles/s | facts written | facts/s | failed | peak RSS of kg |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
	"$kg" generate --n "$n" --seed "$n" >"$work/synth-$n.jsonl"
	wipe
	measure "$n generated, new" "$work/synth-$n.jsonl"
	measure "$n generated, re-run unchanged" "$work/synth-$n.jsonl"
done
if [ -d "$news_dir" ]; then
	wipe
	measure "news ($(ls "$news_dir" | tr '\n' ' '))" "$news_dir"
fi
wipe
