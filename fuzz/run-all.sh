#!/usr/bin/env bash
# Runs every fuzz target for SECONDS_EACH seconds (default 600), one after
# another, seeding each corpus with the repository's own content.
# Usage: fuzz/run-all.sh [SECONDS_EACH] [TARGET...]   (from anywhere)
# Set FUZZ_DEBUG_ASSERTIONS=1 to build with debug assertions (integer
# overflow panics); chart_svg always is.
set -u
cd "$(dirname "$0")"
each=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(seed_text seed_markdown yaml_loaders mentions article_render chart_svg)
mkdir -p logs
for target in "${targets[@]}"; do
  # FUZZ_DEBUG_ASSERTIONS=1: overflow checks and debug_assert! on (separate target dir).
  if [ -n "${FUZZ_DEBUG_ASSERTIONS:-}" ]; then build=(-O -a --target-dir target-a); else build=(-O); fi
  case $target in
    seed_text|mentions|article_render) extra=(../seeds); dict=(-dict=dict/seed.dict) ;;
    seed_markdown) extra=(../seeds ../content/pages); dict=(-dict=dict/seed.dict) ;;
    yaml_loaders) extra=(../content); dict=(-dict=dict/yaml.dict) ;;
    # Debug assertions on, so integer overflow panics (own target dir: other flags).
    chart_svg) extra=(); dict=(); build=(-O -a --target-dir target-a) ;;
  esac
  mkdir -p "corpus/$target"
  echo "== $target, ${each}s, ${build[*]}, started $(date -u +%FT%TZ)" | tee -a logs/summary.txt
  cargo +nightly fuzz run "${build[@]}" "$target" "corpus/$target" "${extra[@]}" -- \
    -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    "${dict[@]}" -print_final_stats=1 > "logs/$target.log" 2>&1
  status=$?
  echo "   exit $status; $(grep -E '^stat::number_of_executed_units' "logs/$target.log" | tail -1)" | tee -a logs/summary.txt
  grep -E 'Done [0-9]+ runs|SUMMARY|panicked' "logs/$target.log" | tail -3 | sed 's/^/   /' | tee -a logs/summary.txt
done
