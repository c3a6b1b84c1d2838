#!/usr/bin/env bash
# CI gates: templates that deploy, and secure by default.
#
#  1. Every example (examples/*/, each a CDK app with its cdk.json) is synthesized once per profile
#     (dev, staging, prod) with the real CDK CLI. The flagship (examples/web-service) is synthesized
#     with `-c readiness:gates=1`, which adds AWS Control Tower's proactive controls (cfn-guard, from
#     @cdklabs/cdk-validator-cfnguard) and cdk-nag's AwsSolutions and NIST 800-53 R5 packs as
#     validation plugins beside ReadinessChecks: any unacknowledged finding fails its synth.
#  2. The integration test apps (test/integ.*.ts) are synthesized once with the Control Tower
#     gate (`-c readiness:gates=controltower`; the cdk-nag packs judge each module's constructs in
#     its test/<module>/ tests): every resource of the library passes, and each app acknowledges
#     the controls its test fixtures (the workload around the constructs) fail.
#  3. cfn-lint runs over every synthesized template (nested-stack templates included) and every
#     committed integration snapshot template: no error-level finding is allowed; warnings are
#     printed and counted.
#
# Exit code 0 when every gate passes, 1 otherwise. Usage: bash scripts/gates.sh
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

export CDK_DISABLE_CLI_TELEMETRY=true AWS_EC2_METADATA_DISABLED=true
PROFILES=(dev staging prod)
# Examples that fail a profile on purpose: before-audit is the workload before the audit, and
# ReadinessChecks blocks it in PROD (and STAGING). Its synth still writes every template.
EXPECTED_TO_FAIL='before-audit:prod before-audit:staging'
# The flagship and the organization example carry the Control Tower and cdk-nag gates.
GATED_EXAMPLES='web-service organization'

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failures=0
fail() { echo "GATE FAILED: $*"; failures=$((failures + 1)); }

synth() { # synth <dir> <outdir> <log> [cdk args...]
  local dir=$1 outdir=$2 log=$3
  shift 3
  (cd "$dir" && npx --no-install cdk synth --quiet --no-notices --no-version-reporting --no-validation \
    --output "$outdir" "$@" >"$log" 2>&1)
}

# Findings of the validation plugins as synth prints them: "ERROR [rule]: ...", then the resource.
show_plugin_findings() {
  grep -v '^npm warn' "$1" | grep -E -A2 '^(ERROR|WARNING) \[' | grep -v -- '^--$' | head -n 200
}

# The Lambda handlers' bundles (assets/) that the synths package: built in milliseconds.
npx projen bundle >/dev/null || { echo "npx projen bundle failed"; exit 1; }

echo "==> synthesizing examples: ${PROFILES[*]}"
for dir in examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/cdk.json" ] || continue
  for profile in "${PROFILES[@]}"; do
    args=(-c "readiness:profile=$profile")
    label="$name:$profile"
    if [[ " $GATED_EXAMPLES " == *" $name "* ]]; then args+=(-c readiness:gates=1); label+=" (+ Control Tower, AwsSolutions, NIST 800-53 R5)"; fi
    log="$out/$name-$profile.log"
    start=$SECONDS
    synth "$dir" "$out/$name-$profile" "$log" "${args[@]}"
    status=$?
    echo "   $label: exit $status ($((SECONDS - start)) s)"
    if [ "$status" -ne 0 ] && [[ " $EXPECTED_TO_FAIL " != *" $name:$profile "* ]]; then
      show_plugin_findings "$log"
      grep -v '^npm warn' "$log" | grep -v -E '^(ERROR|WARNING) \[' | tail -n 20
      fail "cdk synth of examples/$name under $profile exited $status"
    fi
    if ! ls "$out/$name-$profile"/*.template.json >/dev/null 2>&1; then fail "examples/$name under $profile wrote no template"; fi
  done
done

echo "==> synthesizing the integration apps with the Control Tower gate (cdk-nag: test/*/cdk-nag tests)"
for app in test/integ.*.ts; do
  name=$(basename "$app" .ts)
  log="$out/$name.log"
  start=$SECONDS
  synth . "$out/$name" "$log" --app "npx ts-node --transpile-only --project test/tsconfig.json $app" -c readiness:gates=controltower
  status=$?
  echo "   $app: exit $status ($((SECONDS - start)) s)"
  if [ "$status" -ne 0 ]; then
    show_plugin_findings "$log"
    grep -v '^npm warn' "$log" | grep -v -E '^(ERROR|WARNING) \[' | tail -n 20
    fail "cdk synth of $app with the gates exited $status"
  fi
done

echo "==> cfn-lint $(cfn-lint --version 2>/dev/null | awk '{print $2}')"
# The inline templates of StackSets (StackSetRollout writes them as TemplateBody) are linted too,
# each written beside its stack's template.
find "$out" -path "$out/integ.*" -prune -o -name '*.template.json' -print | while IFS= read -r t; do
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    const resources = JSON.parse(fs.readFileSync(file, "utf8")).Resources ?? {};
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === "AWS::CloudFormation::StackSet" && typeof r.Properties?.TemplateBody === "string") {
        fs.writeFileSync(file.replace(/\.template\.json$/, `.stackset-${id}.template.json`), r.Properties.TemplateBody);
      }
    }' "$t"
done
templates=()
while IFS= read -r t; do templates+=("$t"); done < <(
  find "$out" -path "$out/integ.*" -prune -o -name '*.template.json' -print | sort
  # The committed integration snapshots; integ-tests' assertion stacks without resources are
  # skipped: the CDK CLI never deploys a stack that has no resources (cfn-lint would report E1001).
  for t in test/integ.*.ts.snapshot/*.template.json; do
    node -e 'process.exit(Object.keys(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Resources ?? {}).length ? 0 : 1)' "$t" && echo "$t"
  done
)
lint="$out/cfn-lint.txt"
cfn-lint --format parseable -- "${templates[@]}" >"$lint" 2>&1
lint_status=$?
# cfn-lint's exit code is a bit field: 2 = error, 4 = warning, 8 = informational; 1 = a failure of
# cfn-lint itself (bad arguments, an unreadable template).
errors=$(grep -c -E ':E[0-9]+:' "$lint")
warnings=$(grep -c -E ':W[0-9]+:' "$lint")
sed "s|$out/||; s|$root/||" "$lint"
echo "   ${#templates[@]} templates: $errors errors, $warnings warnings (cfn-lint exit $lint_status)"
if (( lint_status & 3 )) || [ "$errors" -ne 0 ]; then fail "cfn-lint reported errors (exit $lint_status)"; fi

if [ "$failures" -ne 0 ]; then
  echo "==> $failures gate(s) failed"
  exit 1
fi
echo "==> every gate passed"
