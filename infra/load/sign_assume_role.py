#!/usr/bin/env python3
"""Signs one AssumeRole request with botocore and writes a wrk Lua script that replays it.

SigV4 allows replaying a signed request within the clock window (15 minutes), so one signature serves a whole run.
Usage: sign_assume_role.py URL ACCESS_KEY_ID SECRET ROLE_ARN > request.lua
"""
import sys
from urllib.parse import urlencode

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

url, key_id, secret, role_arn = sys.argv[1:5]
body = urlencode({"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": role_arn, "RoleSessionName": "load"})
request = AWSRequest(method="POST", url=url, data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(Credentials(key_id, secret), "sts", "us-east-1").add_auth(request)


def lua(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


print('wrk.method = "POST"')
print("wrk.body = " + lua(body))
for name, value in request.headers.items():
    if name.lower() != "host":
        print(f"wrk.headers[{lua(name)}] = {lua(value)}")
print("""
function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\\n")
  end
end
""")
