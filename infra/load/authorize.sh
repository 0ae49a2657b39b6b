#!/usr/bin/env bash
# Load test: data-plane decisions over HTTP against a local broker (issue 14). wrk cycles through COUNT distinct
# botocore-signed GET /orders/<n> requests of the sample service (infra/samples/orders-directory.yaml), signed with
# temporary credentials from a real AssumeRole, each its own path, resource and signature (apt: wrk).
# MODE authorize: POST /authorize JSON; MODE forward-auth: /forward-auth/orders as nginx auth_request sends it. Both
# authenticate with the sample's proxy key. Every response must be an Allow; the script prints the count of others.
# Starts its own broker (Release build) on a temp data folder, bound to 127.0.0.1, and stops it by process id.
# The measured run follows a warm-up at the same concurrency (WARMUP_SECONDS, default 30), as in assume-role.sh.
# Usage: [WARMUP_SECONDS=30] infra/load/authorize.sh [MODE=authorize] [DURATION_SECONDS=60] [CONNECTIONS=64] [THREADS=1] [COUNT=20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-authorize}" duration="${2:-60}" connections="${3:-64}" threads="${4:-1}" count="${5:-20000}"
case "$mode" in authorize|forward-auth) ;; *) echo "MODE is authorize or forward-auth" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port/"
export TOKENBROKER_DATA="$data"
for project in src/TokenBroker.Host src/TokenBroker.Cli; do dotnet build -c Release -v quiet --nologo "$project" >/dev/null; done
cli=src/TokenBroker.Cli/bin/Release/net10.0/tokenbroker.dll
dotnet "$cli" init --account 222222222222 >/dev/null
# A throwaway folder: init's admin may go. Apply prints bella's secret access key and the proxy key's secret once.
dotnet "$cli" directory apply --allow-destructive --yes infra/samples/orders-directory.yaml > "$data/apply.txt"
key_id="$(sed -n 's/.*user\/bella AccessKeyId=\([^ ]*\) .*/\1/p' "$data/apply.txt")"
secret="$(sed -n 's/.*user\/bella AccessKeyId=[^ ]* SecretAccessKey=\([^ ]*\).*/\1/p' "$data/apply.txt")"
proxy_key="$(sed -n 's/.*service orders ProxyKeyId=\([^ ]*\) Secret=\([^ ]*\).*/\1:\2/p' "$data/apply.txt")"
rm -f "$data/apply.txt"
[ -n "$key_id" ] && [ -n "$secret" ] && [ -n "$proxy_key" ] || { echo "apply printed no keys" >&2; exit 1; }

Logging__LogLevel__Default=Warning dotnet src/TokenBroker.Host/bin/Release/net10.0/TokenBroker.Host.dll --urls "$url" &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "${url}health" >/dev/null && break; sleep 0.2; done

read -r session_key session_secret session_token < <(python3 - "$url" "$key_id" "$secret" <<'PY'
import sys
import boto3
url, key_id, secret = sys.argv[1:4]
sts = boto3.client("sts", endpoint_url=url, region_name="us-east-1", aws_access_key_id=key_id, aws_secret_access_key=secret)
c = sts.assume_role(RoleArn="arn:aws:iam::222222222222:role/order-reader", RoleSessionName="load")["Credentials"]
print(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
PY
)
python3 infra/load/sign_authorize.py "$mode" "$url" "$proxy_key" "$session_key" "$session_secret" "$session_token" "$count" > "$data/request.lua"
wrk -t"$threads" -c"$connections" -d"${WARMUP_SECONDS:-30}s" -s "$data/request.lua" "$url" >/dev/null   # warm-up
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$data/request.lua" "$url"
