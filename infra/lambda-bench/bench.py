#!/usr/bin/env python3
"""Cold start and warm latency of the broker's Lambda build, through a loopback Lambda Runtime API.

usage: bench.py BINARY [INVOCATIONS]   (BINARY: the Native AOT TokenBroker.Host, or `dotnet …/TokenBroker.Host.dll`)

Cold start = process start -> the first /response post, split at the runtime's first /next (init done) (a GetCallerIdentity signed by botocore, so the first request
does real SigV4 work and a directory lookup). Warm latency = /next handing out an event -> its /response arriving,
measured in this server. The data folder is made with the CLI from infra/samples/directory.yaml (user ci-bot).
"""
import base64, json, os, queue, shutil, statistics, subprocess, sys, tempfile, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import botocore.auth, botocore.awsrequest, botocore.credentials

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEY, SECRET = "AKIACIBOTEXAMPLE0001", "ci-bot-secret-change-me-0123456789abcdef"
events, replies = queue.Queue(), {}

def signed_event():
    request = botocore.awsrequest.AWSRequest(method="POST", url="https://sts.example.com/",
        data="Action=GetCallerIdentity&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(KEY, SECRET), "sts", "us-east-1").add_auth(request)
    headers = {k.lower(): v for k, v in request.headers.items()}
    headers["host"] = "sts.example.com"
    return json.dumps({"version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "", "headers": headers,
        "requestContext": {"requestId": "bench", "domainName": "sts.example.com",
            "http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7"}},
        "body": base64.b64encode(request.body.encode() if isinstance(request.body, str) else request.body).decode(),
        "isBase64Encoded": True}).encode()

class RuntimeApi(BaseHTTPRequestHandler):
    # One connection per call (Connection: close): keep-alive through http.server adds Nagle/delayed-ACK artefacts
    # (hosting.md §1), and an HTTP/1.0 answer can race the client's connection reuse.
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def do_GET(self):
        arrived = time.perf_counter()
        request_id, body = events.get()
        replies[request_id]["arrived"] = arrived
        replies[request_id]["sent"] = time.perf_counter()
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        request_id = self.path.split("/")[4]
        reply = replies[request_id]
        reply["done"], reply["body"] = time.perf_counter(), body
        self.send_response(202); self.send_header("Content-Length", "0"); self.send_header("Connection", "close"); self.end_headers()
        reply["event"].set()

def invoke(body):
    request_id = str(uuid.uuid4())
    replies[request_id] = {"event": threading.Event()}
    events.put((request_id, body))
    replies[request_id]["event"].wait(30)
    return replies.pop(request_id)

def main():
    command = sys.argv[1].split()
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    data = tempfile.mkdtemp(prefix="tokenbroker-bench-")
    cli = ["dotnet", os.path.join(ROOT, "src/TokenBroker.Cli/bin/Release/net10.0/tokenbroker.dll")]
    subprocess.run(cli + ["init", "--data", data], check=True, capture_output=True)
    subprocess.run(cli + ["directory", "apply", os.path.join(ROOT, "infra/samples/directory.yaml"), "--data", data], check=True, capture_output=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), RuntimeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    event = signed_event()
    env = dict(os.environ, TOKENBROKER_HOSTING="lambda", TOKENBROKER_DATA=data, Logging__LogLevel__Default="Warning",
               AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}")
    request_id = str(uuid.uuid4())
    replies[request_id] = {"event": threading.Event()}
    events.put((request_id, event))
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        replies[request_id]["event"].wait(60)
        first = replies.pop(request_id)
        cold_ms = (first["done"] - start) * 1000
        init_ms = (first["arrived"] - start) * 1000
        assert b'"statusCode":200' in first["body"], first["body"][:300]
        warm = []
        for _ in range(count):
            reply = invoke(event)
            assert b'"statusCode":200' in reply["body"], reply["body"][:300]
            warm.append((reply["done"] - reply["sent"]) * 1000)
        warm.sort()
        print(f"cold start (process start -> first GetCallerIdentity response): {cold_ms:.1f} ms "
              f"(init to first /next {init_ms:.1f} ms, first request {cold_ms - init_ms:.1f} ms)")
        print(f"warm GetCallerIdentity over {count}: median {statistics.median(warm):.3f} ms, "
              f"p90 {warm[int(count * 0.9)]:.3f} ms, p99 {warm[int(count * 0.99)]:.3f} ms")
    finally:
        process.terminate(); process.wait(10)
        shutil.rmtree(data, ignore_errors=True)

if __name__ == "__main__":
    main()
