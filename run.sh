#!/usr/bin/env bash
# Runs the broker on the embedded store (no cloud). On first run it initializes the data folder and prints the
# bootstrap admin key pair once. Settings: TOKENBROKER_DATA (default ./.tokenbroker), TOKENBROKER_URL
# (default http://127.0.0.1:4599), TOKENBROKER_ACCOUNT (account of the bootstrap admin, default 111111111111).
set -euo pipefail
cd "$(dirname "$0")"
export TOKENBROKER_DATA="${TOKENBROKER_DATA:-$PWD/.tokenbroker}"
url="${TOKENBROKER_URL:-http://127.0.0.1:4599}"
if [ ! -f "$TOKENBROKER_DATA/root-key.json" ]; then
    dotnet run --project src/TokenBroker.Cli -- init --account "${TOKENBROKER_ACCOUNT:-111111111111}"
fi
exec dotnet run --project src/TokenBroker.Host -- --urls "$url"
