#!/usr/bin/env bash
# Outage drill: builds the broker and CLI (Release) and runs infra/load/outage.py, which starts DynamoDB Local and
# moto's KMS behind TCP proxies on loopback, drives AssumeRole traffic, freezes and refuses each dependency, and
# restarts the broker with KMS down. Needs java, moto_server, boto3 and `npm ci --prefix infra/emulators`.
# Usage: infra/load/outage.sh   (PHASE_SECONDS=10 WORKERS=8 TOKENBROKER_DEPENDENCY_TIMEOUT_MS=2000 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
for project in src/TokenBroker.Host src/TokenBroker.Cli; do dotnet build -c Release -v quiet --nologo "$project" >/dev/null; done
exec python3 infra/load/outage.py
