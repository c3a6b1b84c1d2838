#!/usr/bin/env bash
# Byte-identity check for refactorings: synthesize every example (examples/*/cdk.json) under the
# PROD and DEV profiles and the bench app (bench/generate.ts, a small size) with the real CDK CLI,
# once from a base git revision and once from this working tree (uncommitted changes included),
# and compare the cloud assemblies file by file: templates, asset manifests, Lambda bundles,
# readiness-report.json/.md/.sarif, readiness-scores.svg and runbooks/. The only thing ignored is
# what the CDK itself records about the machine (see normalize below). The exit code of every synth is compared too.
#
#   scripts/compare-outputs.sh <base-revision> [<head-revision>]    e.g. scripts/compare-outputs.sh d718b3f
#
# Without <head-revision> the working tree is synthesized as it is (do not edit it meanwhile);
# with one, that commit is checked out in a second temporary worktree.
#
# Environment: COMPARE_BENCH_STACKS (default 1) bench app size; COMPARE_KEEP=1 keeps the outputs
# (the directory is printed); COMPARE_ONLY=<glob> synthesizes only the matching targets
# (e.g. 'web-service-*'); COMPARE_BASE_OUT=<dir> reuses the base outputs of an earlier run kept
# with COMPARE_KEEP=1 (<dir>/base) instead of synthesizing the base again. Exit 0: identical; 1: a difference (printed); 2: usage or setup error.
set -uo pipefail

base_rev=${1:-}
if [ -z "$base_rev" ]; then
  echo "usage: scripts/compare-outputs.sh <base-revision>" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
base_sha=$(git -C "$repo" rev-parse --verify --quiet "$base_rev^{commit}") || {
  echo "compare-outputs: '$base_rev' is not a commit of this repository" >&2
  exit 2
}
[ -d "$repo/node_modules" ] || { echo "compare-outputs: run 'npm ci' first (no node_modules in $repo)" >&2; exit 2; }

export CDK_DISABLE_CLI_TELEMETRY=true AWS_EC2_METADATA_DISABLED=true
unset CDK_OUTDIR CDK_CONTEXT_JSON CDK_APP_MODE
bench_stacks=${COMPARE_BENCH_STACKS:-1}
only=${COMPARE_ONLY:-*}

work=$(mktemp -d "${TMPDIR:-/tmp}/compare-outputs.XXXXXX")
base_tree="$work/base-tree"
head_tree="$repo"
head_rev=${2:-}
cleanup() {
  git -C "$repo" worktree remove --force "$base_tree" >/dev/null 2>&1 || rm -rf "$base_tree"
  [ "$head_tree" = "$repo" ] || git -C "$repo" worktree remove --force "$head_tree" >/dev/null 2>&1 || rm -rf "$head_tree"
  if [ "${COMPARE_KEEP:-}" = 1 ]; then echo "outputs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [ -n "$head_rev" ]; then
  head_sha=$(git -C "$repo" rev-parse --verify --quiet "$head_rev^{commit}") || { echo "compare-outputs: '$head_rev' is not a commit" >&2; exit 2; }
  head_tree="$work/head-tree"
  echo "==> head: $head_rev ($head_sha) in a temporary worktree"
  git -C "$repo" worktree add --detach --quiet "$head_tree" "$head_sha" || exit 2
  ln -s "$repo/node_modules" "$head_tree/node_modules"
fi
reuse=${COMPARE_BASE_OUT:-}
if [ -n "$reuse" ]; then
  [ "$(cat "$reuse/base/.revision" 2>/dev/null)" = "$base_sha" ] || { echo "compare-outputs: $reuse/base holds no outputs of $base_sha" >&2; exit 2; }
  echo "==> base: $base_rev ($base_sha), outputs reused from $reuse/base"
else
  echo "==> base: $base_rev ($base_sha) in a temporary worktree"
  git -C "$repo" worktree add --detach --quiet "$base_tree" "$base_sha" || exit 2
  # Same dependencies as this checkout (the base shares the lockfile of an ancestor commit).
  ln -s "$repo/node_modules" "$base_tree/node_modules"
fi

# The bench app as a CDK CLI app: the generated stacks of bench/generate.ts with ReadinessChecks.
write_bench_app() {
  cat >"$1/bench/.compare-outputs-app.ts" <<'EOF'
import { App, Validations } from 'aws-cdk-lib';
import { ReadinessChecks } from 'cdk-readiness';
import { populateApp } from './generate';

const app = new App();
populateApp(app, Number(process.env.COMPARE_BENCH_STACKS ?? '1'));
Validations.of(app).addPlugins(new ReadinessChecks(app));
app.synth();
EOF
}

# synth_all <tree> <outputs dir>: bundle the Lambda handlers, then synthesize every target.
synth_all() {
  local tree=$1 outs=$2 ex name profile out
  mkdir -p "$outs"
  echo "$tree" >"$outs/.root"
  (cd "$tree" && npx --no-install projen bundle >"$outs/bundle.log" 2>&1) || { echo "bundle failed in $tree (see $outs/bundle.log)" >&2; return 2; }
  write_bench_app "$tree"
  for profile in prod dev; do
    for ex in "$tree"/examples/*/; do
      [ -f "$ex/cdk.json" ] || continue
      name="$(basename "$ex")-$profile"
      # shellcheck disable=SC2053
      [[ $name == $only ]] || continue
      out="$outs/$name"
      (cd "$ex" && npx --no-install cdk synth --quiet --no-notices --no-version-reporting --no-validation \
        -c "readiness:profile=$profile" --output "$out" >"$outs/$name.log" 2>&1)
      echo $? >"$outs/$name.exit"
    done
    name="bench-$bench_stacks-$profile"
    [[ $name == $only ]] || continue
    out="$outs/$name"
    (cd "$tree/bench" && COMPARE_BENCH_STACKS=$bench_stacks npx --no-install cdk synth --quiet --no-notices \
      --no-version-reporting --no-validation -c "readiness:profile=$profile" \
      --app 'npx ts-node --transpile-only --project tsconfig.json -r tsconfig-paths/register .compare-outputs-app.ts' \
      --output "$out" >"$outs/$name.log" 2>&1)
    echo $? >"$outs/$name.exit"
  done
  rm -f "$tree/bench/.compare-outputs-app.ts"
}

if [ -n "$reuse" ]; then
  echo "==> synthesizing ${head_rev:-the working tree}"
  cp -r "$reuse/base" "$work/base"
  synth_all "$head_tree" "$work/head"; head_status=$?; base_status=0
else
  echo "==> synthesizing base and ${head_rev:-the working tree} (in parallel)"
  synth_all "$base_tree" "$work/base" &
  base_pid=$!
  synth_all "$head_tree" "$work/head" &
  head_pid=$!
  wait $base_pid; base_status=$?
  wait $head_pid; head_status=$?
  echo "$base_sha" >"$work/base/.revision"
fi
if [ $base_status -ne 0 ] || [ $head_status -ne 0 ]; then
  echo "compare-outputs: setup failed (base $base_status, head $head_status)" >&2
  exit 2
fi

# The CDK's own records of the machine: in *.metadata.json the creation stacks (`aws:cdk:creationStack`)
# and `trace` frames, and in validation-report.json (the CDK's policy-validation report) the
# checkout's absolute path and the line numbers of frames inside the library's src/ (stack traces
# the CDK prints; the library's own source locations in readiness-report.* are compared as they are).
normalize() {
  node -e '
    const fs = require("fs");
    const [file, root, out] = process.argv.slice(1);
    const text = (s) => s.split(root).join("<checkout>").replace(/(<checkout>\/src\/[^:()\s]+):\d+:\d+/g, "$1");
    const strip = (x) => Array.isArray(x) ? x.map(strip)
      : x && typeof x === "object"
        ? Object.fromEntries(Object.entries(x)
            .filter(([k]) => k !== "trace" && !(k === "data" && x.type === "aws:cdk:creationStack"))
            .map(([k, v]) => [k, strip(v)]))
      : typeof x === "string" ? text(x) : x;
    fs.writeFileSync(out, JSON.stringify(strip(JSON.parse(fs.readFileSync(file, "utf-8"))), undefined, 1) + "\n");
  ' "$1" "$2" "$3"
}

echo "==> comparing"
differences=0
targets=0
for exitfile in "$work/base"/*.exit; do
  name=$(basename "$exitfile" .exit)
  [[ $name == $only ]] || continue
  targets=$((targets + 1))
  b="$work/base/$name" h="$work/head/$name"
  if [ "$(cat "$exitfile")" != "$(cat "$work/head/$name.exit" 2>/dev/null)" ]; then
    echo "DIFF $name: synth exit code $(cat "$exitfile") before, $(cat "$work/head/$name.exit" 2>/dev/null || echo none) after (logs: $work/{base,head}/$name.log)"
    differences=$((differences + 1))
  fi
  if [ ! -f "$b/manifest.json" ]; then
    echo "DIFF $name: the base synth wrote no cloud assembly (see $work/base/$name.log)"
    differences=$((differences + 1))
    continue
  fi
  if ! diff -rq -x '*.metadata.json' -x validation-report.json "$b" "$h" >"$work/$name.diff" 2>&1; then
    echo "DIFF $name:"
    sed 's/^/    /' "$work/$name.diff"
    differences=$((differences + 1))
  fi
  for m in "$b"/*.metadata.json "$b/validation-report.json"; do
    [ -f "$m" ] || continue
    f=$(basename "$m")
    normalize "$m" "$(cat "$work/base/.root")" "$work/$name.base.$f"
    if [ -f "$h/$f" ]; then normalize "$h/$f" "$head_tree" "$work/$name.head.$f"; fi
    if ! cmp -s "$work/$name.base.$f" "$work/$name.head.$f"; then
      echo "DIFF $name: $f (beyond the CDK's stack traces and the checkout path): diff $work/$name.{base,head}.$f"
      differences=$((differences + 1))
    fi
  done
  files=$(find "$b" -type f | wc -l)
  echo "  $name: $files files compared, exit code $(cat "$exitfile")"
done
for exitfile in "$work/head"/*.exit; do
  [ -f "$work/base/$(basename "$exitfile")" ] || { echo "DIFF $(basename "$exitfile" .exit): only in the working tree"; differences=$((differences + 1)); }
done

if [ $targets -eq 0 ]; then
  echo "compare-outputs: nothing was synthesized (COMPARE_ONLY='$only')" >&2
  exit 2
fi
if [ $differences -ne 0 ]; then
  COMPARE_KEEP=1
  echo "compare-outputs: $differences difference(s) between $base_rev and ${head_rev:-the working tree}"
  exit 1
fi
echo "compare-outputs: $targets synth outputs byte-identical between $base_rev and ${head_rev:-the working tree}"
