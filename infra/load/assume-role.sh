#!/usr/bin/env bash
# Load test: AssumeRole over HTTP against a local broker; wrk cycles through COUNT distinct botocore-signed requests
# (distinct session names, so distinct bodies and signatures; apt: wrk).
# Starts its own broker (Release build) on a temp data folder, bound to 127.0.0.1, and stops it by process id.
# The measured run follows a warm-up at the same concurrency (WARMUP_SECONDS, default 30): the JIT's tiering and
# profile-guided recompilation take 15-30 s under this load on 2 cores, and the figure is meant to be steady state.
# Usage: [WARMUP_SECONDS=30] infra/load/assume-role.sh [DURATION_SECONDS=60] [CONNECTIONS=64] [THREADS=1] [COUNT=20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-60}" connections="${2:-64}" threads="${3:-1}" count="${4:-20000}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port/"
export TOKENBROKER_DATA="$data"
for project in src/TokenBroker.Host src/TokenBroker.Cli; do dotnet build -c Release -v quiet --nologo "$project" >/dev/null; done
dotnet src/TokenBroker.Cli/bin/Release/net10.0/tokenbroker.dll init --account 111111111111 >/dev/null
cat > "$data/directory.yaml" <<'YAML'
accounts:
  - id: "111111111111"
    users:
      - name: load
        accessKeys: [{ id: AKIALOADTEST00000001, secret: load-test-secret-0000000000000000000000 }]
        policies:
          - name: assume
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:AssumeRole", Resource: "*" }] }
    roles:
      - name: load
        trustPolicy:
          Version: "2012-10-17"
          Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }]
YAML
dotnet src/TokenBroker.Cli/bin/Release/net10.0/tokenbroker.dll directory apply --allow-destructive --yes "$data/directory.yaml" >/dev/null  # a throwaway folder: init's admin may go

Logging__LogLevel__Default=Warning dotnet src/TokenBroker.Host/bin/Release/net10.0/TokenBroker.Host.dll --urls "$url" &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "${url}health" >/dev/null && break; sleep 0.2; done

python3 infra/load/sign_assume_role.py "$url" AKIALOADTEST00000001 load-test-secret-0000000000000000000000 \
    arn:aws:iam::111111111111:role/load "$count" > "$data/request.lua"
wrk -t"$threads" -c"$connections" -d"${WARMUP_SECONDS:-30}s" -s "$data/request.lua" "$url" >/dev/null   # warm-up
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$data/request.lua" "$url"
