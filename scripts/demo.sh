#!/usr/bin/env bash
# The quick-start demo: synthesize the flagship example with the real CDK CLI under the PROD
# profile, then print the readiness scorecard that ReadinessChecks wrote into the cloud assembly.
set -uo pipefail
cd "$(dirname "$0")/.."

example=examples/web-service
[ -d "$example" ] || example=examples/before-audit   # until the flagship lands (see README)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Offline and quiet: no telemetry, no instance-metadata credential lookups. --no-validation skips
# aws-cdk-lib's own CloudFormation template linter (half the synth time); ReadinessChecks still runs.
export CDK_DISABLE_CLI_TELEMETRY=true AWS_EC2_METADATA_DISABLED=true

echo "==> cdk synth -c readiness:profile=prod   ($example)"
(cd "$example" && npx --no-install cdk synth --quiet --no-notices --no-version-reporting --no-validation \
  -c readiness:profile=prod --output "$out" >"$out/synth.log" 2>&1)
status=$?
# What `cdk synth` itself prints: one block per rule with findings (its impact, the fix once, the
# paths and source lines), construct warnings, and the scorecard summary last.
grep -v '^npm warn' "$out/synth.log" | sed "s|$out|<cdk.out>|g"
echo "   (cdk synth exited with code $status)"

if [ ! -f "$out/readiness-report.json" ]; then
  echo "The synth produced no readiness report (exit code $status): see the errors above." >&2
  exit 1
fi
npx --no-install ts-node --transpile-only src/cli/main.ts report "$out" | sed "s|$out|<cdk.out>|g"

if [ "$status" -ne 0 ]; then
  echo "cdk synth exited $status: ReadinessChecks blocks this app in PROD until the errors above are fixed."
  [ "$example" = examples/before-audit ] && echo "(That is the point of examples/before-audit: it is the workload before the audit.)"
  [ "$example" = examples/web-service ] && echo "(The flagship passes every area that has landed; the remaining areas' constructs are open issues: see README, Status.)"
else
  echo "cdk synth exited 0: the app is production-ready under the PROD profile."
fi
