#!/usr/bin/env python3
"""Signs COUNT distinct AssumeRole requests with botocore and writes a wrk Lua script that cycles through them.

Each request has its own RoleSessionName and so its own body, payload hash and signature: a replayed request would
flatter any cache keyed by the signature or the body. All are signed now, within SigV4's 15-minute clock window,
which covers a run of a few minutes.
Usage: sign_assume_role.py URL ACCESS_KEY_ID SECRET ROLE_ARN [COUNT=20000] > requests.lua
"""
import sys
from urllib.parse import urlencode, urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

url, key_id, secret, role_arn = sys.argv[1:5]
count = int(sys.argv[5]) if len(sys.argv) > 5 else 20000
credentials = Credentials(key_id, secret)


def lua(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


print("local requests = {}")
for i in range(count):
    body = urlencode({"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": role_arn, "RoleSessionName": f"load-{i:06d}"})
    request = AWSRequest(method="POST", url=url, data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)
    # The Host header is given here: wrk.format runs at load time, before wrk.init knows the host.
    headers = ", ".join(f"[{lua(name)}] = {lua(value)}" for name, value in request.headers.items() if name.lower() != "host")
    headers += ", [\"Host\"] = " + lua(urlsplit(url).netloc)
    print(f'requests[{i + 1}] = wrk.format("POST", "/", {{{headers}}}, {lua(body)})')
print("""
local next_request = 0

-- Every request a wrk thread sends is the next one in the list: no signature repeats until the list wraps.
function request()
  next_request = next_request + 1
  return requests[(next_request % #requests) + 1]
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\\n")
  end
end
""")
