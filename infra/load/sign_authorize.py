#!/usr/bin/env python3
"""Signs COUNT distinct data-plane requests with botocore and writes a wrk Lua script that asks the broker about them.

Each request is GET /orders/<n> of the sample `orders` service (infra/samples/orders-directory.yaml), signed for
service `orders` with temporary credentials, so each has its own path, resource and signature: a replayed request
would flatter any cache keyed by the signature. All are signed now, within SigV4's 15-minute clock window.
MODE `authorize` sends them as POST /authorize JSON bodies; MODE `forward-auth` sends them as nginx does to
/forward-auth/orders (X-Original-Method, -URI, -Host). Both authenticate the caller with the proxy key.
The response check counts anything but an Allow (200, and for /authorize a body with "Allow") as an error.
Usage: sign_authorize.py MODE BROKER_URL PROXY_KEY ACCESS_KEY_ID SECRET SESSION_TOKEN [COUNT=20000] > requests.lua
"""
import json
import sys
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

mode, broker, proxy_key, key_id, secret, token = sys.argv[1:7]
count = int(sys.argv[7]) if len(sys.argv) > 7 else 20000
if mode not in ("authorize", "forward-auth"):
    sys.exit("MODE is authorize or forward-auth")
credentials = Credentials(key_id, secret, token)
broker_host = urlsplit(broker).netloc
api_host = "api.example.com"


def lua(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def table(headers):
    return "{" + ", ".join(f"[{lua(name)}] = {lua(value)}" for name, value in headers.items()) + "}"


print("local requests = {}")
for i in range(count):
    path = f"/orders/{i:06d}"
    signed = AWSRequest(method="GET", url=f"https://{api_host}{path}", headers={"Host": api_host})
    SigV4Auth(credentials, "orders", "us-east-1").add_auth(signed)
    original = {name: value for name, value in signed.headers.items()}
    if mode == "authorize":
        body = json.dumps({"method": "GET", "url": f"https://{api_host}{path}", "headers": original}, separators=(",", ":"))
        headers = {"Host": broker_host, "Content-Type": "application/json", "X-TokenBroker-Proxy-Key": proxy_key}
        print(f'requests[{i + 1}] = wrk.format("POST", "/authorize", {table(headers)}, {lua(body)})')
    else:
        headers = {name: value for name, value in original.items() if name.lower() != "host"}
        headers.update({"Host": broker_host, "X-TokenBroker-Proxy-Key": proxy_key, "X-Forwarded-Proto": "https",
                        "X-Original-Method": "GET", "X-Original-URI": path, "X-Original-Host": api_host})
        print(f'requests[{i + 1}] = wrk.format("GET", "/forward-auth/orders", {table(headers)})')
check = ('status ~= 200 or not string.find(body, \'"Allow"\', 1, true)' if mode == "authorize" else "status ~= 200")
print(f"""
local next_request = 0
errors = 0
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

-- Every request a wrk thread sends is the next one in the list: no signature repeats until the list wraps.
function request()
  next_request = next_request + 1
  return requests[(next_request % #requests) + 1]
end

function response(status, headers, body)
  if {check} then
    errors = errors + 1
    if errors <= 5 then
      io.stderr:write("not allowed: status " .. status .. " " .. string.sub(body or "", 1, 200) .. "\\n")
    end
  end
end

function done(summary, latency, totals)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("errors")
  end
  io.write("Not allowed (errors): " .. total .. "\\n")
end
""")
