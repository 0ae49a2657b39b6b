"""Signs STS requests with the real botocore/boto3 signer at a fixed time and prints them as JSON.

Input (stdin): {"time": "20261129T120000Z", "cases": [case, ...]} where a case is one of
  {"name", "kind": "client", "region", "accessKey", "secret", "token"?, "operation", "params"}
      a real boto3 STS client call, captured just before it is sent (the exact bytes botocore would send);
  {"name", "kind": "presign", "region", "accessKey", "secret", "token"?, "operation", "expiresIn", "httpMethod"?}
      boto3's generate_presigned_url for STS (signed for the operation's POST unless httpMethod says otherwise);
  {"name", "kind": "raw", "region", "accessKey", "secret", "token"?, "method", "url", "headers": [[k, v], ...], "body"}
      an AWSRequest signed by botocore.auth.SigV4Auth (repeated headers allowed).
Output (stdout): [{"name", "method", "rawPath", "rawQuery", "headers": [[k, v], ...], "bodyBase64"}, ...]
"""
import base64
import datetime
import json
import sys
from unittest import mock
from urllib.parse import urlsplit

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
from botocore.config import Config

ENDPOINT = "http://sts.local.test"


def host_of(url):
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}[parts.scheme]
    return parts.hostname if parts.port in (None, default) else f"{parts.hostname}:{parts.port}"


def as_output(name, method, url, header_pairs, body):
    parts = urlsplit(url)
    names = {k.lower() for k, _ in header_pairs}
    if "host" not in names:
        # What urllib3 adds on the wire, and what botocore signed (_host_from_url).
        header_pairs = [("Host", host_of(url))] + header_pairs
    if body is None:
        body = b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return {
        "name": name,
        "method": method,
        "rawPath": parts.path or "/",
        "rawQuery": parts.query,
        "headers": [[k, v if isinstance(v, str) else v.decode("utf-8")] for k, v in header_pairs],
        "bodyBase64": base64.b64encode(body).decode("ascii"),
    }


def client_for(case):
    return boto3.client(
        "sts",
        endpoint_url=ENDPOINT,
        region_name=case["region"],
        aws_access_key_id=case["accessKey"],
        aws_secret_access_key=case["secret"],
        aws_session_token=case.get("token"),
        config=Config(retries={"max_attempts": 1}),
    )


def capture_client_call(case):
    client = client_for(case)
    captured = {}

    def before_send(request, **_):
        captured["request"] = request
        body = b"<GetCallerIdentityResponse/>"
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, mock.Mock(stream=lambda: [body], read=lambda: body))

    client.meta.events.register("before-send.sts.*", before_send)
    try:
        getattr(client, case["operation"])(**case.get("params", {}))
    except Exception:  # the canned response does not parse; the request was already captured
        pass
    request = captured["request"]
    return as_output(case["name"], request.method, request.url, list(request.headers.items()), request.body)


def presign(case):
    method = case.get("httpMethod")
    url = client_for(case).generate_presigned_url(
        case["operation"], Params=case.get("params", {}), ExpiresIn=case["expiresIn"], HttpMethod=method)
    return as_output(case["name"], method or "POST", url, [], b"")


def sign_raw(case):
    request = botocore.awsrequest.AWSRequest(method=case["method"], url=case["url"], data=case.get("body", ""))
    for key, value in case.get("headers", []):
        request.headers[key] = value  # HTTPHeaders appends, so a name may repeat
    credentials = botocore.credentials.Credentials(case["accessKey"], case["secret"], case.get("token"))
    botocore.auth.SigV4Auth(credentials, "sts", case["region"]).add_auth(request)
    return as_output(case["name"], request.method, request.url, list(request.headers.items()), request.body)


def main():
    spec = json.load(sys.stdin)
    now = datetime.datetime.strptime(spec["time"], "%Y%m%dT%H%M%SZ")
    kinds = {"client": capture_client_call, "presign": presign, "raw": sign_raw}
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
        json.dump([kinds[case["kind"]](case) for case in spec["cases"]], sys.stdout, indent=1)


if __name__ == "__main__":
    main()
