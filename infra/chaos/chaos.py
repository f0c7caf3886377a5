#!/usr/bin/env python3
"""Faults under load for Gatehouse (loopback only, bounded in time).

    chaos.py run  --bin DIR [--seconds S] [--rate R] [--faults kill,pause,...]
    chaos.py soak --bin DIR [--minutes M] [--rate R]

`run` starts a private redis-server (unix socket, AOF with appendfsync everysec), a resetting proxy in
front of it and gatehouse-server on 127.0.0.1:18310, drives a fixed-rate mixed workload (verify with an
API key and with a JWT, sign-in, key create with Idempotency-Key retried with the same key on any
failure, key list, revoke, rotate with no grace), injects each fault while the load runs, and prints one row of invariants
per fault. Exit status 1 when any invariant is violated.

`soak` runs the same workload with no fault against 127.0.0.1:18311 and samples the server's RSS, open
descriptors and Redis connections every 10 s, and p50/p99 per minute.
"""

import argparse
import concurrent.futures
import http.client
import http.server
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

DOCUMENTED = {200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 503}
COMMAND_TIMEOUT = 0.5
# queue timeout + one command timeout + a settle round trip (connect + command) + scheduling margin
LATENCY_BOUND = COMMAND_TIMEOUT * 3 + 0.25 + 0.5


class Redis:
    """A private redis-server on a unix socket with AOF, restartable from its AOF or empty."""

    def __init__(self, directory):
        self.directory = directory
        self.socket = os.path.join(directory, "redis.sock")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", self.socket, "--unixsocketperm", "700",
             "--dir", self.directory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
             "--logfile", os.path.join(self.directory, "redis.log"), "--enable-debug-command", "yes",
             "--maxmemory-policy", "noeviction"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.cli("PING", check=False) == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        if self.process:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def wipe(self):
        for name in ("appendonlydir", "dump.rdb"):
            path = os.path.join(self.directory, name)
            shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else (
                os.path.exists(path) and os.remove(path))

    def cli(self, *arguments, check=True, timeout=10):
        result = subprocess.run(["redis-cli", "-s", self.socket, *arguments], capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"redis-cli {arguments[0]}: {result.stderr}")
        return result.stdout.strip()

    def background(self, *arguments):
        return subprocess.Popen(["redis-cli", "-s", self.socket, *arguments], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)


class ResettingProxy:
    """A unix-socket proxy in front of Redis; while `resetting`, it forwards a chunk, reads its reply and
    closes the client's connection instead of delivering it (probability `rate`)."""

    def __init__(self, path, upstream):
        self.path, self.upstream = path, upstream
        self.resetting, self.rate = False, 0.3
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(256)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(self.upstream)
            upstream.settimeout(30)
            while True:
                chunk = client.recv(65536)
                if not chunk:
                    return
                upstream.sendall(chunk)
                reply = upstream.recv(65536)
                if not reply:
                    return
                upstream.settimeout(0.002)
                try:
                    while True:
                        more = upstream.recv(65536)
                        if not more:
                            break
                        reply += more
                except (socket.timeout, BlockingIOError):
                    pass
                upstream.settimeout(30)
                if self.resetting and random.random() < self.rate:
                    return
                client.sendall(reply)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()


class Resp:
    """A minimal RESP client straight to the private Redis (never through the proxy), for the checks."""

    def __init__(self, path):
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.socket.settimeout(30)
        self.socket.connect(path)
        self.buffer = b""

    def close(self):
        self.socket.close()

    def command(self, *arguments):
        encoded = [str(argument).encode() for argument in arguments]
        self.socket.sendall(b"*%d\r\n" % len(encoded) + b"".join(
            b"$%d\r\n%s\r\n" % (len(item), item) for item in encoded))
        return self.reply()

    def line(self):
        while b"\r\n" not in self.buffer:
            chunk = self.socket.recv(1 << 20)
            if not chunk:
                raise OSError("redis closed the connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def exactly(self, count):
        while len(self.buffer) < count + 2:
            chunk = self.socket.recv(1 << 20)
            if not chunk:
                raise OSError("redis closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count + 2:]
        return data

    def reply(self):
        line = self.line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b":"):
            return int(rest) if kind == b":" else rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            return None if int(rest) < 0 else self.exactly(int(rest)).decode(errors="replace")
        if kind == b"*":
            return None if int(rest) < 0 else [self.reply() for _ in range(int(rest))]
        raise RuntimeError(f"unexpected RESP {line!r}")

    def scan(self, pattern):
        cursor, found = "0", []
        while True:
            cursor, keys = self.command("SCAN", cursor, "MATCH", pattern, "COUNT", 1000)
            found += keys
            if cursor == "0":
                return found


class DeliveryReceiver:
    """The OTP webhook's target on 127.0.0.1:`port`: keeps the last code delivered to each number."""

    def __init__(self, port):
        codes, lock = {}, threading.Lock()
        self.codes, self.lock = codes, lock

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    message = json.loads(body)
                    with lock:
                        codes[message["phone"]] = message["code"]
                except (ValueError, KeyError, TypeError):
                    pass
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return f"http://127.0.0.1:{self.port}/otp"

    def take(self, phone, wait):
        """The code delivered to `phone` (removed), waiting up to `wait` seconds for it."""
        deadline = time.time() + wait
        while True:
            with self.lock:
                if phone in self.codes:
                    return self.codes.pop(phone)
            if time.time() >= deadline:
                return None
            time.sleep(0.05)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Front:
    """What the workload talks to: a process listening on 127.0.0.1:`port`, its output in `log_path`."""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log_count(self, text):
        """How many times `text` appears in the front's log (its functions' log lines under lighttpd)."""
        try:
            with open(self.log_path, "rb") as log:
                return log.read().count(text.encode())
        except OSError:
            return 0


class Lighttpd(Front):
    """lighttpd serving the function executables as CGI programs from infra/cgi/lighttpd.conf, rendered
    with infra/cgi/render as a site would (every function reads its secrets from files in `state`)."""

    def __init__(self, binary_dir, port, state, secrets, issuer, webhook_url):
        self.port = port
        os.makedirs(os.path.join(state, "www"), exist_ok=True)
        for name, value in secrets.items():
            with open(os.path.join(state, name), "w") as file:
                file.write(value)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        account = os.environ.get("USER") or "root"
        values = {**os.environ, "PORT": str(port), "BIN": os.path.abspath(binary_dir), "STATE": state,
                  "SECRETS_DIR": state, "ISSUER": issuer, "AUDIENCE": "gatehouse", "OTP_SENDER": "webhook",
                  "OTP_WEBHOOK_URL": webhook_url, "GATEHOUSE_CGI_USER": account, "GATEHOUSE_CGI_GROUP": account}
        rendered = subprocess.run(["bash", os.path.join(root, "infra/cgi/render"), "infra/cgi/lighttpd.conf"],
                                  env=values, cwd=root, capture_output=True, text=True, check=True).stdout
        config = os.path.join(state, "lighttpd.conf")
        with open(config, "w") as file:
            file.write(rendered)
        # The CGI programs' standard error (their log lines) is lighttpd's own.
        self.log_path = os.path.join(state, "cgi.log")
        self.process = subprocess.Popen(["/usr/sbin/lighttpd", "-D", "-f", config], stdin=subprocess.DEVNULL,
                                        stdout=open(self.log_path, "wb"), stderr=subprocess.STDOUT)
        wait_listening(port, self.process, "lighttpd")

def refuse_taken(port):
    """Raises when something already listens on `port` (a leftover server would answer in our place)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return
    raise RuntimeError(f"127.0.0.1:{port} is already in use")


def wait_listening(port, process, name):
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not listen on {port}")


class Server(Front):
    """gatehouse-server."""

    def __init__(self, binary_dir, port, environment, log_path):
        self.port = port
        self.log_path = log_path
        self.process = subprocess.Popen(
            [os.path.join(binary_dir, "gatehouse-server"), "--port", str(port)], env=environment,
            stdin=subprocess.DEVNULL, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
        wait_listening(port, self.process, "gatehouse-server")

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def descriptors(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))


def request(port, method, path, headers=None, body=None, timeout=10):
    """One exchange; (status or 0 for a transport failure, seconds, parsed JSON or None, X-Request-Id)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = dict(headers or {})
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        elif method == "POST":
            payload = b""  # lighttpd answers 411 to a POST without Content-Length
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return response.status, time.monotonic() - started, parsed, response.getheader("X-Request-Id")
    except OSError:
        return 0, time.monotonic() - started, None, None
    finally:
        connection.close()


RETRIED = (0, 503)  # a transport failure or timeout, and `unavailable`: retried with the same request
OTP_LOGINS_PER_MINUTE = 12  # send + verify count against the per-IP limit of 30 OTP requests a minute


class Workload:
    """A fixed-rate mixed workload; every answer is recorded with the phase it fell in and its request id."""

    def __init__(self, port, demo, rate, workers=32, pool=None, phones=()):
        self.port, self.demo, self.rate = port, demo, rate
        # With a pool, key creation draws its Idempotency-Key from a fixed set (replays once each has
        # run) and revocation revokes one of those keys again: the data set stops growing.
        self.pool = [f"soak-{index}" for index in range(pool)] if pool else None
        self.pool_ids = {}
        self.lock = threading.Lock()
        self.phase = "warm-up"
        self.results = []  # (phase, kind, status, seconds, t, request id)
        self.idempotency = {}  # idempotency key -> statuses of its attempts
        self.revoked = []  # (key text, acknowledged at)
        self.rotated = []  # (new key text from a rotation, acknowledged at)
        self.signins = []  # (t, status)
        self.phones = list(phones)  # registered numbers not used yet: one OTP login each
        self.receiver = None
        self.otp_logins = []  # when each OTP login started
        self.chains = []  # refresh chains: {"token", "busy"}
        self.refresh_refused = []  # (t, status) a chain's current token refused after its retries
        self.stopping = False
        self.jwt = None
        self.workers = workers
        self.slots = threading.Semaphore(workers)

    def call(self, kind, method, path, headers=None, body=None):
        """One request, recorded; (status, parsed body)."""
        status, seconds, parsed, request_id = request(self.port, method, path, headers, body)
        with self.lock:
            self.results.append((self.phase, kind, status, seconds, time.time(), request_id))
        return status, parsed

    def retried(self, kind, method, path, headers=None, body=None, attempts=8):
        """The same request again after a failure, a timeout or `unavailable`, with backoff."""
        for attempt in range(attempts):
            status, parsed = self.call(kind, method, path, headers, body)
            if status not in RETRIED:
                break
            time.sleep(min(2.0, 0.1 * 2 ** attempt))
        return status, parsed

    def bearer(self, key=None):
        return {"Authorization": "Bearer " + (key or self.demo["key"])}

    def verify_key(self):
        self.call("verify-key", "GET", "/v1/verify", self.bearer())

    def verify_jwt(self):
        if not self.jwt:
            return self.signin()
        self.call("verify-jwt", "GET", "/v1/verify", self.bearer(self.jwt))

    def signin(self):
        status, body = self.call(
            "sign-in", "POST", f"/v1/{self.demo['tenant']}/user/signin_with_api_key",
            {"x-api-key": self.demo["key"], "x-api-key-id": self.demo["key_id"], "x-user-id": "viewer"})
        with self.lock:
            self.signins.append((time.time(), status))
        if status == 200 and body:
            self.jwt = body.get("jwt")

    def create_key(self):
        idempotency_key = random.choice(self.pool) if self.pool else "chaos-" + uuid.uuid4().hex[:16]
        attempts = []
        for attempt in range(8):
            status, body = self.call(
                "key-create", "POST", "/v1/api_keys", {**self.bearer(), "Idempotency-Key": idempotency_key},
                {"name": idempotency_key, "scopes": ["data:read"]})
            attempts.append(status)
            if self.pool and status == 201 and body:
                with self.lock:
                    self.pool_ids[idempotency_key] = body["id"]
            if status not in (0, 409, 503):
                break  # retried with the same key only on a failure, a timeout or while in flight
            time.sleep(min(2.0, 0.1 * 2 ** attempt))
        with self.lock:
            self.idempotency[idempotency_key] = attempts

    def list_keys(self):
        self.call("key-list", "GET", "/v1/api_keys?limit=50", self.bearer())

    def revoke(self):
        if self.pool:
            with self.lock:
                ids = list(self.pool_ids.values())
            if not ids:
                return self.create_key()
            self.call("revoke", "DELETE", f"/v1/api_keys/{random.choice(ids)}", self.bearer())
            return
        status, body = self.call("key-create", "POST", "/v1/api_keys", self.bearer(),
                                 {"name": "to-revoke", "scopes": ["data:read"]})
        if status != 201 or not body:
            return
        status, _ = self.call("revoke", "DELETE", f"/v1/api_keys/{body['id']}", self.bearer())
        if status == 200:
            with self.lock:
                self.revoked.append((body["key"], time.time()))

    def rotate(self):
        """A fresh key rotated with no grace: the old key is then as good as revoked, the new one must work."""
        status, body = self.call("key-create", "POST", "/v1/api_keys", self.bearer(),
                                 {"name": "to-rotate", "scopes": ["data:read"]})
        if status != 201 or not body:
            return
        status, rotated = self.call("rotate", "POST", f"/v1/api_keys/{body['id']}/rotate", self.bearer(),
                                    {"grace_period_hours": 0})
        if status == 201 and rotated:
            with self.lock:
                self.revoked.append((body["key"], time.time()))
                self.rotated.append((rotated["key"], time.time()))

    def otp_login(self):
        """send-otp to a registered number (retried), the code from the receiver, verify-otp (retried with the
        same code): a session and a refresh chain. At most OTP_LOGINS_PER_MINUTE, one number each."""
        now, phone = time.time(), None
        with self.lock:
            recent = [t for t in self.otp_logins if t > now - 60]
            if self.phones and self.receiver and len(recent) < OTP_LOGINS_PER_MINUTE:
                self.otp_logins.append(now)
                phone = self.phones.pop()
        if not phone:
            return self.refresh()
        code = None
        for attempt in range(5):
            status, _ = self.call("otp-send", "POST", "/v1/auth/send-otp", body={"phone": phone})
            # The code is delivered after the answer; a lost answer may still have sent it.
            code = self.receiver.take(phone, 3.0 if status == 200 else 0.5)
            if code or status not in RETRIED:
                break
            time.sleep(min(2.0, 0.2 * 2 ** attempt))
        if not code:
            return
        status, body = self.retried("otp-verify", "POST", "/v1/auth/verify-otp", body={"phone": phone, "code": code},
                                    attempts=5)
        if status == 200 and body and body.get("refresh_token"):
            with self.lock:
                self.chains.append({"token": body["refresh_token"], "busy": False})

    def refresh(self):
        """Rotates one chain's refresh token, retried with the same token on a failure or a timeout (within
        the grace window a retry returns the same child)."""
        with self.lock:
            idle = [chain for chain in self.chains if not chain["busy"]]
            if not idle:
                chain = None
            else:
                chain = random.choice(idle)
                chain["busy"] = True
        if not chain:
            return self.verify_key()
        try:
            status, body = self.retried("refresh", "POST", "/v1/auth/refresh", body={"refresh_token": chain["token"]})
            if status == 200 and body and body.get("refresh_token"):
                chain["token"] = body["refresh_token"]
            elif status not in RETRIED:
                with self.lock:
                    self.refresh_refused.append((time.time(), status))
                    self.chains.remove(chain)
        finally:
            chain["busy"] = False

    MIX = [("verify_key", 36), ("verify_jwt", 22), ("signin", 5), ("create_key", 10), ("list_keys", 8),
           ("revoke", 6), ("rotate", 3), ("otp_login", 3), ("refresh", 7)]

    def run(self):
        choices = [name for name, weight in self.MIX for _ in range(weight)]
        interval = 1.0 / self.rate
        next_at = time.monotonic()
        while not self.stopping:
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if not self.slots.acquire(timeout=1):
                continue  # every worker busy: the client side is saturated, skip this tick
            action = getattr(self, random.choice(choices))

            def work(action=action):
                try:
                    action()
                finally:
                    self.slots.release()

            threading.Thread(target=work, daemon=True).start()

    def start(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping = True
        self.thread.join()
        for _ in range(self.workers):  # wait for the requests in flight
            self.slots.acquire(timeout=30)


def gatehouse(binary_dir, environment, *arguments):
    result = subprocess.run([os.path.join(binary_dir, "gatehouse"), *arguments], env=environment,
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"gatehouse {arguments[0]}: {result.stderr}")
    return result.stdout


WEBHOOK_SECRET = "whsec_" + "Y2hhb3Mtb3RwLXdlYmhvb2stc2VjcmV0LTMyYnl0ZXM="


def registered_phones(binary_dir, environment, tenant, count):
    """`count` users of `tenant` with a phone each (+1 555 01xxxxx), made with the CLI four at a time."""
    phones = [f"+155501{index:05d}" for index in range(count)]

    def add(index):
        gatehouse(binary_dir, environment, "user", "add", "--tenant", tenant, "--id", f"otp-{index}", "--role",
                  "viewer", "--phone", phones[index])

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(add, range(count)))
    return phones


def setting_up(binary_dir, work, port, via="server", phones=0):
    """Redis, the resetting proxy, the front (gatehouse-server, or lighttpd running the functions as CGI
    programs) on 127.0.0.1:`port`, the OTP delivery receiver on `port` + 1, the demo tenant and `phones`
    users with a phone number."""
    refuse_taken(port)
    receiver = DeliveryReceiver(port + 1)
    redis = Redis(work)
    redis.start()
    proxy = ResettingProxy(os.path.join(work, "proxy.sock"), redis.socket)
    base = {"PATH": "/usr/bin:/bin", "GATEHOUSE_REDIS_URL": f"unix://{redis.socket}"}
    edkeys = os.path.join(work, "eddsa.json")
    with open(edkeys, "w") as file:
        file.write(gatehouse(binary_dir, base, "signing-keys", "generate", "--alg", "EdDSA"))
    keys = gatehouse(binary_dir, base, "signing-keys", "generate", "--add-to", edkeys).strip()
    secret = "chaos-" + "s" * 40
    issuer = f"http://127.0.0.1:{port}"
    environment = {**base, "GATEHOUSE_REDIS_URL": f"unix://{proxy.path}", "GATEHOUSE_SIGNING_KEYS": keys,
                   "GATEHOUSE_SERVER_SECRET": secret, "GATEHOUSE_LOG_LEVEL": "warning",
                   "GATEHOUSE_ISSUER": issuer, "GATEHOUSE_OTP_SENDER": "webhook",
                   "GATEHOUSE_OTP_WEBHOOK_URL": receiver.url(), "GATEHOUSE_OTP_WEBHOOK_SECRET": WEBHOOK_SECRET,
                   "GATEHOUSE_MODE": "local"}
    log = os.path.join(work, "server.log")
    try:
        demo = json.loads(gatehouse(binary_dir, base, "bootstrap-demo", "--tenant", "chaos", "--json"))
        demo["phones"] = registered_phones(binary_dir, base, "chaos", phones)
        if via == "cgi":
            front = Lighttpd(binary_dir, port, os.path.join(work, "lighttpd"),
                             {"redis-url": f"unix://{proxy.path}", "signing-keys": keys, "server-secret": secret,
                              "otp-webhook-secret": WEBHOOK_SECRET}, issuer, receiver.url())
            log = front.log_path
        else:
            front = Server(binary_dir, port, environment, log)
    except Exception:
        redis.kill()  # no redis-server outlives a failed start
        receiver.stop()
        if os.path.exists(log):
            with open(log, errors="replace") as file:
                sys.stderr.write(file.read()[-2000:])
        raise
    return redis, proxy, front, demo, receiver


# MARK: faults


KILLS = []  # when Redis was killed (revocations acknowledged in the second before may be lost)


def fault_kill(redis, proxy, seconds):
    KILLS.append(time.time())
    redis.kill()
    time.sleep(min(1.0, seconds))
    redis.start()
    time.sleep(max(0.0, seconds - 1.0))


def fault_pause(redis, proxy, seconds):
    redis.cli("CLIENT", "PAUSE", str(int(seconds * 1000)), "ALL")
    time.sleep(seconds)


def fault_sleep(redis, proxy, seconds):
    sleeper = redis.background("DEBUG", "SLEEP", str(seconds))
    sleeper.wait(seconds + 10)


def fault_reset(redis, proxy, seconds):
    proxy.resetting = True
    time.sleep(seconds)
    proxy.resetting = False


def fault_oom(redis, proxy, seconds):
    redis.cli("CONFIG", "SET", "maxmemory", "1")
    time.sleep(seconds)
    redis.cli("CONFIG", "SET", "maxmemory", "0")


def fault_empty(redis, proxy, seconds):
    began = time.time()
    AUDIT_BEFORE_WIPE.append(audit_records(redis))  # the records the wipe is about to take
    EMPTIED.append(time.time())
    redis.kill()
    redis.wipe()
    redis.start()
    # Records of answers given while the snapshot was read, or just before, are gone with the data set.
    WIPES.append((began - 0.5, time.time() + 0.5))
    time.sleep(seconds)


EMPTIED = []  # when Redis was killed to restart empty
WIPES = []  # (from, to): answers in between may have lost their records with the data set
AUDIT_BEFORE_WIPE = []

FAULTS = {"kill": fault_kill, "pause": fault_pause, "debug-sleep": fault_sleep, "reset": fault_reset,
          "oom": fault_oom, "empty-restart": fault_empty}


def recovery_seconds(results, phase, ended_at):
    """Seconds from the fault's end to the first keyed verify answered 200 — after an empty restart, to the
    first definite refusal (401, or 429 once the failures count against the client's address)."""
    wanted = (401, 429) if phase == "empty-restart" else (200,)
    after = sorted((r[4], r[2]) for r in results
                   if r[1] == "verify-key" and r[4] >= ended_at and r[0] in (phase, phase + " recovery"))
    for t, status in after:
        if status in wanted:
            return t - ended_at
    return None


def in_loss_window(t):
    """Whether an answer at `t` falls where Redis may lose acknowledged writes: the second before a SIGKILL
    (appendfsync everysec), or around the restart with no data."""
    return any(0 <= kill - t <= 1.5 for kill in KILLS) or any(start <= t <= end for start, end in WIPES)


def live_children(redis, tenant):
    """(refresh families, families of `tenant` with more than one live token)."""
    client = Resp(redis.socket)
    try:
        live = {}
        for key in client.scan(f"gh:{{{tenant}}}:rt:*"):
            family, state = client.command("HMGET", key, "family", "state")
            if family and state == "active":
                live[family] = live.get(family, 0) + 1
        families = client.scan(f"gh:{{{tenant}}}:rf:*")
        doubled = sum(1 for family, n in live.items()
                      if n > 1 and client.command("HGET", f"gh:{{{tenant}}}:rf:{family}", "status") == "active")
        return len(families), doubled
    finally:
        client.close()


def audit_records(redis):
    """Request id → how many audit records name it, over every tenant's stream (the unattributed one too)."""
    client = Resp(redis.socket)
    try:
        counts = {}
        for stream in client.scan("gh:{*}:audit"):
            last = "-"
            while True:
                entries = client.command("XRANGE", stream, last, "+", "COUNT", 5000)
                for entry_id, fields in entries:
                    request_id = dict(zip(fields[::2], fields[1::2])).get("request_id")
                    counts[request_id] = counts.get(request_id, 0) + 1
                if len(entries) < 5000:
                    break
                last = "(" + entries[-1][0]
        return counts
    finally:
        client.close()


# Where the README documents that an answer may stand without its audit record (logged as `audit record
# lost` and counted): a verify decided from the access token alone, a mutation that already committed,
# and the OTP routes, whose records are appended after the response.
LOSSY_KINDS = {"verify-jwt", "key-create", "revoke", "rotate", "otp-send", "otp-verify"}


def audit_check(workload, phases, records, lost_logged):
    """Per fault: answered requests that must be audited (every answer but a transport failure or 503) and
    whether their record exists. A missing record is excused in a loss window, or (kinds in LOSSY_KINDS)
    up to the losses the front logged; anything else, and any request with two records, is a violation."""
    rows, unexplained_total, lossy_missing = [], 0, 0
    for phase in phases:
        answers = [r for r in workload.results if r[0] in (phase, phase + " recovery")
                   and r[2] not in RETRIED and r[5]]
        missing = [r for r in answers if not records.get(r[5])]
        window = [r for r in missing if in_loss_window(r[4])]
        lossy = [r for r in missing if r not in window and r[1] in LOSSY_KINDS]
        strict = [r for r in missing if r not in window and r[1] not in LOSSY_KINDS]
        duplicated = sum(1 for r in answers if records.get(r[5], 0) > 1)
        kinds = {}
        for r in lossy + strict:
            kinds[f"{r[1]} {r[2]}"] = kinds.get(f"{r[1]} {r[2]}", 0) + 1
        lossy_missing += len(lossy)
        unexplained_total += len(strict) + duplicated
        rows.append({"fault": phase, "audited": len(answers), "recorded": len(answers) - len(missing),
                     "window": len(window), "lossy": len(lossy), "strict": len(strict), "duplicated": duplicated,
                     "kinds": kinds})
    beyond_logged = max(0, lossy_missing - lost_logged)
    return rows, unexplained_total + beyond_logged, lossy_missing


def invariants(workload, redis, phase, ended_at, tenant):
    rows = [r for r in workload.results if r[0] in (phase, phase + " recovery")]
    statuses = {}
    for r in rows:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    undocumented = sum(count for status, count in statuses.items() if status not in DOCUMENTED)
    slow = sum(1 for r in rows if r[3] > LATENCY_BOUND)
    worst = max((r[3] for r in rows), default=0)
    recovery = recovery_seconds(workload.results, phase, ended_at)
    families, doubled = live_children(redis, tenant)
    if os.environ.get("CHAOS_DEBUG"):
        print(phase, sorted({(r[0], r[1], r[2]) for r in rows if r[4] >= ended_at}), file=sys.stderr)
    return {"fault": phase, "requests": len(rows), "statuses": statuses, "undocumented": undocumented,
            "slow": slow, "max_s": worst, "recovery_s": recovery, "families": families, "doubled": doubled}


def key_counts(redis, tenant):
    """Key names (the idempotency keys) → how many keys the tenant holds under each."""
    counts = {}
    ids = redis.cli("SMEMBERS", f"gh:{{{tenant}}}:keys").split()
    for key_id in ids:
        name = redis.cli("HGET", f"gh:{{{tenant}}}:key:{key_id}", "name")
        counts[name] = counts.get(name, 0) + 1
    return counts


def run(arguments):
    work = tempfile.mkdtemp(prefix="gatehouse-chaos-")
    faults = arguments.faults.split(",")
    duration = 3 + len(faults) * (arguments.seconds + max(2.0, arguments.seconds / 2))
    phones = OTP_LOGINS_PER_MINUTE * (int(duration // 60) + 1)
    redis, proxy, front, demo, receiver = setting_up(arguments.bin, work, arguments.port or 18310, arguments.via,
                                                     phones)
    workload = Workload(front.port, demo, arguments.rate, phones=demo["phones"])
    workload.receiver = receiver
    try:
        return measure(arguments, work, redis, proxy, front, demo, workload)
    finally:
        front.stop()
        receiver.stop()
        redis.kill()


def measure(arguments, work, redis, proxy, front, demo, workload):
    """Drives the workload through every fault and prints the tables; the exit status."""
    table, violations = [], 0
    tenant = demo["tenant"]
    try:
        workload.start()
        time.sleep(2)
        faults = arguments.faults.split(",")
        for name in faults:
            workload.phase = name
            FAULTS[name](redis, proxy, arguments.seconds)
            ended_at = time.time()
            workload.phase = name + " recovery"
            time.sleep(max(2.0, arguments.seconds / 2))
            table.append(invariants(workload, redis, name, ended_at, tenant))
        workload.phase = "cool-down"
        time.sleep(1)
    finally:
        workload.stop()
    time.sleep(0.5)  # the OTP routes append their records just after the answer
    # What the data says after every fault.
    lost_audit = front.log_count('"audit record lost"')
    records = audit_records(redis)
    for snapshot in AUDIT_BEFORE_WIPE:
        for request_id, count in snapshot.items():
            records[request_id] = records.get(request_id, 0) + count
    audit_rows, audit_violations, lossy_missing = audit_check(workload, faults, records, lost_audit)
    empty = "empty-restart" in faults
    counts = key_counts(redis, tenant) if not empty else {}
    duplicated = sum(1 for key, n in counts.items() if key.startswith("chaos-") and n > 1)
    succeeded_without_key = sum(1 for key, attempts in workload.idempotency.items()
                                if (201 in attempts) and counts.get(key, 0) == 0) if not empty else 0
    usable_revoked, in_window = 0, 0
    if not empty:
        for key, acknowledged in workload.revoked:
            status = request(front.port, "GET", "/v1/verify", {"Authorization": "Bearer " + key})[0]
            if status == 200:
                # appendfsync everysec: a write acknowledged in the last second before a kill may be lost.
                if any(0 <= kill - acknowledged <= 1.5 for kill in KILLS):
                    in_window += 1
                else:
                    usable_revoked += 1
    lost_rotations, rotations_in_window = 0, 0
    if not empty:
        for key, acknowledged in workload.rotated:
            status = request(front.port, "GET", "/v1/verify", {"Authorization": "Bearer " + key})[0]
            if status != 200:
                if any(0 <= kill - acknowledged <= 1.5 for kill in KILLS):
                    rotations_in_window += 1
                else:
                    lost_rotations += 1
    resurrected = sum(1 for r in workload.results
                      if r[1] == "verify-key" and r[2] == 200 and EMPTIED and r[4] > EMPTIED[0] + 0.2)
    refused = [t for t, _ in workload.refresh_refused if not in_loss_window(t)]
    refused = [t for t in refused if not (EMPTIED and t > EMPTIED[0])]  # a wiped chain is gone: 401 is right
    windows = {}
    for t, status in workload.signins:
        if status == 200:
            windows[int(t // 60)] = windows.get(int(t // 60), 0) + 1
    over_limit = sum(max(0, n - 5) for n in windows.values())  # the per-key window is 60 s; 5 a minute
    shed = front.log_count('"request shed"')
    front.stop()

    print()
    print(f"chaos ({arguments.via}): {arguments.seconds:g} s per fault, {arguments.rate} req/s, "
          f"latency bound {LATENCY_BOUND:.2f} s")
    print("| fault | requests | statuses | undocumented | slower than bound | max s | recovery s "
          "| refresh families / with two live children |")
    print("|---|---|---|---|---|---|---|---|")
    for row in table:
        statuses = " ".join(f"{s}×{n}" for s, n in sorted(row["statuses"].items()))
        recovery = f"{row['recovery_s']:.2f}" if row["recovery_s"] is not None else "never"
        print(f"| {row['fault']} | {row['requests']} | {statuses} | {row['undocumented']} | {row['slow']} | "
              f"{row['max_s']:.2f} | {recovery} | {row['families']} / {row['doubled']} |")
        violations += row["undocumented"] + row["slow"] + (row["recovery_s"] is None) + row["doubled"]
    print()
    print("| fault | audited answers | with their record | missing in a loss window | missing, loss documented "
          "| missing, unexplained | two records | missing by kind |")
    print("|---|---|---|---|---|---|---|---|")
    for row in audit_rows:
        kinds = " ".join(f"{kind}×{n}" for kind, n in sorted(row["kinds"].items())) or "—"
        print(f"| {row['fault']} | {row['audited']} | {row['recorded']} | {row['window']} | {row['lossy']} | "
              f"{row['strict']} | {row['duplicated']} | {kinds} |")
    print()
    print("| invariant | value |")
    print("|---|---|")
    print(f"| Idempotency-Keys used | {len(workload.idempotency)} |")
    print(f"| … with more than one key | {duplicated} |")
    print(f"| … answered 201 but no key stored | {succeeded_without_key} |")
    print(f"| revocations acknowledged / usable afterwards | {len(workload.revoked)} / {usable_revoked} "
          f"(+{in_window} acknowledged within 1 s of a SIGKILL: the appendfsync everysec window) |")
    print(f"| rotations acknowledged / new key refused afterwards | {len(workload.rotated)} / {lost_rotations} "
          f"(+{rotations_in_window} within 1 s of a SIGKILL) |")
    if empty:
        print(f"| keyed verifies answered 200 after Redis restarted empty | {resurrected} |")
    print(f"| sign-ins over the 5/min limit | {over_limit} |")
    print(f"| OTP logins started / refresh chains opened | {len(workload.otp_logins)} / "
          f"{len(workload.chains) + len(workload.refresh_refused)} |")
    print(f"| refreshes answered 200 / current token refused after its retries | "
          f"{sum(1 for r in workload.results if r[1] == 'refresh' and r[2] == 200)} / {len(refused)} "
          f"(+{len(workload.refresh_refused) - len(refused)} in a loss window or after the wipe) |")
    print(f"| audit: missing records where a loss is documented / losses logged | {lossy_missing} / {lost_audit} |")
    print(f"| audit: unexplained (missing beyond the logged losses, or twice) | {audit_violations} |")
    print(f"| requests shed | {shed} |")
    violations += (duplicated + succeeded_without_key + usable_revoked + lost_rotations + over_limit + resurrected
                   + len(refused) + audit_violations)
    print(f"\nviolations: {violations}")
    redis.kill()
    shutil.rmtree(work, ignore_errors=True)
    return 1 if violations else 0


def soak(arguments):
    work = tempfile.mkdtemp(prefix="gatehouse-soak-")
    redis, proxy, server, demo, receiver = setting_up(arguments.bin, work, arguments.port or 18311)
    workload = Workload(server.port, demo, arguments.rate, pool=arguments.pool)
    workload.phase = "soak"
    samples = []
    started = time.time()
    end = started + arguments.minutes * 60
    print("| t (s) | RSS (MB) | descriptors | Redis connections |")
    print("|---|---|---|---|")
    try:
        workload.start()
        while time.time() < end:
            clients = redis.cli("INFO", "clients")
            connected = next((line.split(":")[1] for line in clients.splitlines()
                              if line.startswith("connected_clients:")), "?")
            sample = (time.time() - started, server.rss_kb() / 1024, server.descriptors(), connected)
            samples.append(sample)
            print(f"| {sample[0]:.0f} | {sample[1]:.1f} | {sample[2]} | {sample[3]} |", flush=True)
            time.sleep(min(10, max(0.1, end - time.time())))
    finally:
        workload.stop()
        server.stop()
        receiver.stop()
        redis.kill()
    print()
    print("| minute | requests | p50 ms | p99 ms | non-2xx |")
    print("|---|---|---|---|---|")
    by_minute = {}
    for _, _, status, seconds, t, _ in workload.results:
        by_minute.setdefault(int((t - started) // 60), []).append((seconds, status))
    p99s = {}
    for minute, rows in sorted(by_minute.items()):
        latencies = sorted(s for s, _ in rows)
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        failures = sum(1 for _, status in rows if not 200 <= status < 300)
        p99s[minute] = p99
        print(f"| {minute} | {len(rows)} | {p50:.1f} | {p99:.1f} | {failures} |")
    # A sample holds whatever the requests in flight hold (buffers, the client connections' descriptors):
    # compare the median RSS of the first warm minute with that of the last, and the fewest descriptors
    # each minute (the server's own, with no request in flight).
    warm = [s for s in samples if s[0] >= 60] or samples
    first = statistics.median(s[1] for s in warm[:6])
    last = statistics.median(s[1] for s in warm[-6:])
    growth = (last - first) / first * 100 if first else 0
    floors = {}
    for sample in warm:
        minute = int(sample[0] // 60)
        floors[minute] = min(floors.get(minute, sample[2]), sample[2])
    descriptors = max(floors.values()) - min(floors.values())
    # Flat: the last full minute's p99 within twice the first warm minute's (+5 ms of scheduling noise on a
    # shared machine); the partial last minute is left out.
    full = [p99s[m] for m in sorted(p99s) if 1 <= m < int(arguments.minutes)] or list(p99s.values())
    p99_flat = full[-1] <= 2 * full[0] + 5
    print(f"\nRSS after warm-up (median of the first and of the last minute): {first:.1f} → {last:.1f} MB "
          f"({growth:+.1f} %, limit +5 %); descriptors with nothing in flight, per minute: "
          f"{' '.join(str(floors[m]) for m in sorted(floors))} (samples {min(s[2] for s in warm)}–"
          f"{max(s[2] for s in warm)}); p99 {full[0]:.1f} → {full[-1]:.1f} ms")
    failed = [name for name, bad in (("RSS", growth > 5), ("descriptors", descriptors > 4),
                                     ("p99", not p99_flat)) if bad]
    print("soak: " + (("not flat: " + ", ".join(failed)) if failed else "flat"))
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["run", "soak"])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--port", type=int, help="the server's port (default 18310 for run, 18311 for soak)")
    parser.add_argument("--pool", type=int, default=200, help="soak: Idempotency-Keys in the fixed working set "
                        "(0: every creation mints a new key and the data set grows)")
    parser.add_argument("--faults", default="kill,pause,debug-sleep,reset,oom,empty-restart")
    parser.add_argument("--via", choices=["server", "cgi"], default="server",
                        help="run: the workload through gatehouse-server, or through the functions as CGI programs "
                        "under lighttpd")
    arguments = parser.parse_args()
    # A SIGTERM (a timeout around the run) unwinds like an exception: no server or redis-server outlives it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(run(arguments) if arguments.mode == "run" else soak(arguments))


if __name__ == "__main__":
    main()
