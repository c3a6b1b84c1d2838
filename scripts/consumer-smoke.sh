#!/usr/bin/env bash
# Consumer smoke test: the package as users install it.
#
# Builds the library as it is published (jsii compile, Lambda bundles, jsii-pacmak's npm tarball),
# creates a scratch CDK app in a temporary directory OUTSIDE the repository (its own package.json:
# aws-cdk-lib, constructs, cdk-nag, the v2 CDK CLI; no path mapping to src/), installs the tarball
# there and synthesizes test/consumer-app/app.ts with the real CLI under PROD and DEV. It proves
# that what we publish (lib/*.js + .d.ts, .jsii, assets/, the CLI) is enough.
#
#   bash scripts/consumer-smoke.sh                 # full build, then the smoke test
#   bash scripts/consumer-smoke.sh --skip-compile  # lib/ and .jsii are fresh (CI compiles just before)
#   bash scripts/consumer-smoke.sh --tarball FILE  # test a tarball built elsewhere
#   KEEP_SCRATCH=1 bash scripts/consumer-smoke.sh  # keep the scratch app for a look afterwards
#
# Prints one PASS/FAIL line per check and exits 1 when any check fails.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

compile=1
tarball=
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-compile) compile=0 ;;
    --tarball) tarball=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
    *) echo "consumer-smoke: unknown option '$1' (expected --skip-compile or --tarball FILE)" >&2; exit 2 ;;
  esac
  shift
done

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
started=$SECONDS

# ---- 1. The package as it is published --------------------------------------------------------
# run WHAT CMD...: a build step, quiet unless it fails.
run() {
  local what=$1 log; shift
  log=$(mktemp)
  if "$@" >"$log" 2>&1; then rm -f "$log"; else tail -n 40 "$log"; rm -f "$log"; fail "$what"; exit 1; fi
}
if [ -z "$tarball" ]; then
  if [ "$compile" = 1 ]; then
    echo "==> npx projen compile (jsii)"
    run "jsii compile" npx projen compile
  fi
  echo "==> npx projen bundle (Lambda assets, CLI) and npx projen package:js (jsii-pacmak)"
  rm -rf dist/js
  run "npx projen bundle" npx projen bundle
  run "npx projen package:js (jsii-pacmak --target js)" npx projen package:js
  tarball=$(ls "$repo"/dist/js/*.tgz 2>/dev/null | head -n 1)
fi
[ -f "$tarball" ] || { fail "tarball: none found (${tarball:-dist/js/*.tgz})"; exit 1; }
size=$(wc -c <"$tarball")
files=$(tar tzf "$tarball" | wc -l)   # (no `grep -q` on tar's pipe: pipefail would see SIGPIPE)
unpacked=$(tar tzvf "$tarball" | awk '{ s += $3 } END { print s }')
echo "     tarball $(basename "$tarball"): $size bytes, $files files, $unpacked bytes unpacked"

listing=$(tar tzf "$tarball")
has() { grep -qxF "package/$1" <<<"$listing"; }
check "tarball has the jsii assembly (.jsii)" has .jsii
check "tarball has lib/index.js and its typings" has lib/index.d.ts
for a in backup/verifier/private/verifier.lambda security/private/inspector-enablement.lambda; do
  check "tarball has the Lambda bundle assets/$a/index.js" has "assets/$a/index.js"
done
# Only what consumers need: the manifest, README, LICENSE, the assembly, lib/ (.js and .d.ts),
# assets/ (Lambda and CLI bundles) and docs/ (the guides the README links).
leaked=$(grep -vE '^package/(package\.json|README\.md|LICENSE|\.jsii|lib/.*\.(js|d\.ts)|assets/.*|docs/.*)$' <<<"$listing" | head -n 5 | tr '\n' ' ')
check "tarball holds only package.json, README, LICENSE, .jsii, lib/*.js|d.ts, assets/, docs/${leaked:+ (also: $leaked)}" test -z "$leaked"

# ---- 2. A scratch app outside the repository --------------------------------------------------
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cdk-readiness-consumer.XXXXXX")
case "$scratch" in "$repo"/*) fail "scratch directory $scratch is inside the repository"; exit 1 ;; esac
if [ -z "${KEEP_SCRATCH:-}" ]; then trap 'rm -rf "$scratch"' EXIT; else echo "     scratch app kept in $scratch"; fi
cp test/consumer-app/app.ts test/consumer-app/cdk.json test/consumer-app/tsconfig.json test/consumer-app/fake-backup-api.js "$scratch/"
sed "s|@TARBALL@|$tarball|" test/consumer-app/package.template.json >"$scratch/package.json"
cd "$scratch"

echo "==> npm install (scratch app, from the npm cache where it can)"
if npm install --prefer-offline --no-audit --no-fund --loglevel=error >install.log 2>&1; then
  pass "npm install of the tarball with aws-cdk-lib, constructs, cdk-nag and the CDK CLI"
else
  tail -n 20 install.log; fail "npm install (see above)"; exit 1
fi
[ -L node_modules/cdk-readiness ] && { fail "cdk-readiness is a symlink, not an installed copy"; exit 1; }
# The constructs must load without the AWS SDK (only the CLI bundle and the Lambda runtimes use it).
check "no AWS SDK package installed in the app (node_modules/@aws-sdk absent)" test ! -e node_modules/@aws-sdk
cli_version=$(npx --no-install cdk --version 2>/dev/null)
case "$cli_version" in 2.*) pass "CDK CLI is v2 ($cli_version)" ;; *) fail "CDK CLI is not v2: '$cli_version'" ;; esac

if npx --no-install tsc -p . >tsc.log 2>&1; then
  pass "tsc: the app type-checks against the published typings (lib/*.d.ts)"
else
  cat tsc.log; fail "tsc (see above)"; exit 1
fi

# ---- 3. cdk synth with the real CLI, per profile ----------------------------------------------
export CDK_DISABLE_CLI_TELEMETRY=true AWS_EC2_METADATA_DISABLED=true
# synth NAME EXPECTED_EXIT CONTEXT...: runs `cdk synth` into cdk.out.NAME, checks its exit code.
synth() {
  local name=$1 expected=$2; shift 2
  echo "==> cdk synth $* (expect exit $expected)"
  npx --no-install cdk synth --quiet --no-notices --no-version-reporting --output "cdk.out.$name" "$@" >"synth.$name.log" 2>&1
  local status=$?
  if [ "$expected" = 0 ] && [ "$status" -eq 0 ]; then
    pass "synth $name exits 0"
  elif [ "$expected" != 0 ] && [ "$status" -ne 0 ]; then
    pass "synth $name exits non-zero ($status)"
  else
    grep -v '^npm warn' "synth.$name.log" | tail -n 30
    fail "synth $name exited $status, expected $( [ "$expected" = 0 ] && echo 0 || echo non-zero)"
  fi
  if grep -qE 'Cannot find asset|CannotFindAsset|Cannot find module|TypeError|ReferenceError|SyntaxError' "synth.$name.log"; then
    grep -E -m 5 'Cannot find asset|CannotFindAsset|Cannot find module|TypeError|ReferenceError|SyntaxError' "synth.$name.log"
    fail "synth $name: no crash (missing asset or module) in its output"
  else
    pass "synth $name: no crash (missing asset or module) in its output"
  fi
}
# report NAME EXPR DESCRIPTION: a check on cdk.out.NAME/readiness-report.json (node expression over `r`).
report() {
  local name=$1 expr=$2 what=$3
  local file="cdk.out.$name/readiness-report.json"
  if [ ! -f "$file" ]; then fail "synth $name: $file exists"; return; fi
  if node -e "const r = require('./$file'); process.exit(($expr) ? 0 : 1)"; then pass "synth $name: $what"; else
    node -e "const r = require('./$file'); console.log(JSON.stringify({ overall: r.overall, summary: r.summary }))"
    fail "synth $name: $what"
  fi
}
errorIds="r.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)"

synth prod 0 -c readiness:profile=prod
report prod "r.overall.passed && r.summary.errors === 0 && r.profiles.includes('prod')" "PROD report passes with no errors"
for f in readiness-report.json readiness-report.md readiness-report.sarif runbooks/README.md runbooks/index.json; do
  check "synth prod: cdk.out/$f written" test -s "cdk.out.prod/$f"
done

synth dev-gap 0 -c readiness:profile=dev -c consumer:gap=true
report dev-gap "r.summary.errors === 0 && r.findings.some((f) => f.ruleId === 'Readiness-BAK1')" "DEV only warns about the unprotected table (Readiness-BAK1)"

synth prod-gap 1 -c readiness:profile=prod -c consumer:gap=true
report prod-gap "r.summary.errors > 0 && $errorIds.includes('Readiness-BAK1')" "PROD fails on the unprotected table with findings (Readiness-BAK1 an error)"
if grep -q 'Readiness-BAK1' synth.prod-gap.log; then pass "synth prod-gap: the CLI prints the finding"; else fail "synth prod-gap: the CLI prints the finding"; fi

# ---- 4. Lambda assets: each asset directory holds its handler ---------------------------------
node - cdk.out.prod <<'EOF'
// Every Lambda function's code asset (zip of a directory) in the cloud assembly, by the
// assets.json manifests the CLI publishes from: the directory exists and holds index.js.
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
let bad = 0;
let dirs = 0;
for (const manifest of fs.readdirSync(out).filter((f) => f.endsWith('.assets.json'))) {
  const files = JSON.parse(fs.readFileSync(path.join(out, manifest), 'utf-8')).files ?? {};
  for (const [hash, asset] of Object.entries(files)) {
    if (asset.source.packaging !== 'zip') continue;
    dirs++;
    const dir = path.join(out, asset.source.path);
    const ok = fs.existsSync(path.join(dir, 'index.js')) && fs.statSync(path.join(dir, 'index.js')).size > 0;
    console.log(`${ok ? 'PASS' : 'FAIL'}  asset ${asset.source.path} (${manifest}) holds its handler index.js`);
    if (!ok) bad++;
  }
}
// The verifier and the Inspector enablement are ours; a canary's code is inline.
if (dirs < 2) { console.log(`FAIL  expected at least 2 Lambda code assets (verifier, Inspector enablement), found ${dirs}`); bad++; }
process.exit(bad ? 1 : 0);
EOF
[ $? -eq 0 ] || failures=$((failures + 1))

# ---- 5. The cdk-readiness command, as installed ----------------------------------------------
if npx --no-install cdk-readiness report cdk.out.prod >cli-report.log 2>&1 && grep -q '100/100' cli-report.log; then
  pass "npx cdk-readiness report cdk.out prints the scorecard (100/100)"
else
  cat cli-report.log; fail "npx cdk-readiness report cdk.out"
fi
npx --no-install cdk-readiness report cdk.out.prod-gap --fail-on-error >/dev/null 2>&1
check "npx cdk-readiness report --fail-on-error exits 1 on the PROD gap's report" test $? -eq 1
if npx --no-install cdk-readiness verify-backups --help >cli-verify.log 2>&1 && grep -q -- '--primary-vault' cli-verify.log; then
  pass "npx cdk-readiness verify-backups --help"
else
  cat cli-verify.log; fail "npx cdk-readiness verify-backups --help"
fi
# The command's AWS SDK clients (bundled into its one file) really call AWS: verify-backups against
# a local stand-in for the AWS Backup API must send signed requests and read the answers.
node fake-backup-api.js >fake-backup-api.log 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q '^port ' fake-backup-api.log && break; sleep 0.1; done
port=$(sed -n 's/^port //p' fake-backup-api.log)
AWS_ACCESS_KEY_ID=AKIDSMOKE AWS_SECRET_ACCESS_KEY=smoke AWS_REGION=eu-west-1 AWS_ENDPOINT_URL="http://127.0.0.1:$port" \
  timeout 120 npx --no-install cdk-readiness verify-backups --json \
  --primary-vault arn:aws:backup:eu-west-1:111111111111:backup-vault:primary \
  --dr-vault arn:aws:backup:eu-central-1:111111111111:backup-vault:dr >cli-verify.json 2>cli-verify.err
kill "$fake_pid" 2>/dev/null
calls=$(grep -c ' signed$' fake-backup-api.log)
if [ "$calls" -gt 0 ] && ! grep -q 'UNSIGNED' fake-backup-api.log \
  && node -e "process.exit(require('./cli-verify.json').kind === 'backup-verification' ? 0 : 1)" 2>/dev/null; then
  pass "cdk-readiness verify-backups calls the AWS Backup API (a local stand-in): $calls signed requests, a JSON report"
else
  cat fake-backup-api.log cli-verify.err; head -c 2000 cli-verify.json
  fail "cdk-readiness verify-backups against a local stand-in for the AWS Backup API"
fi
# The library itself needs no AWS SDK: the package declares no runtime dependencies.
deps=$(node -p "Object.keys(require('cdk-readiness/package.json').dependencies ?? {}).join(' ')")
check "the installed package brings no runtime dependencies${deps:+ (has: $deps)}" test -z "$deps"

echo "consumer smoke: $failures failed check(s) in $((SECONDS - started)) s (tarball: $size bytes, $files files)"
[ "$failures" -eq 0 ]
