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
import http.client
import json
import os
import random
import shutil
import signal
import socket
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


class Server:
    def __init__(self, binary_dir, port, environment, log_path):
        self.port = port
        self.log_path = log_path
        self.process = subprocess.Popen(
            [os.path.join(binary_dir, "gatehouse-server"), "--port", str(port)], env=environment,
            stdin=subprocess.DEVNULL, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("gatehouse-server did not listen")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def descriptors(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def log_count(self, text):
        with open(self.log_path, "rb") as log:
            return log.read().count(text.encode())


def request(port, method, path, headers=None, body=None, timeout=10):
    """One exchange; (status or 0 for a transport failure, seconds, parsed JSON or None)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = dict(headers or {})
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return response.status, time.monotonic() - started, parsed
    except OSError:
        return 0, time.monotonic() - started, None
    finally:
        connection.close()


class Workload:
    """A fixed-rate mixed workload; every answer is recorded with the phase it fell in."""

    def __init__(self, port, demo, rate, workers=32, pool=None):
        self.port, self.demo, self.rate = port, demo, rate
        # With a pool, key creation draws its Idempotency-Key from a fixed set (replays once each has
        # run) and revocation revokes one of those keys again: the data set stops growing.
        self.pool = [f"soak-{index}" for index in range(pool)] if pool else None
        self.pool_ids = {}
        self.lock = threading.Lock()
        self.phase = "warm-up"
        self.results = []  # (phase, kind, status, seconds, t)
        self.idempotency = {}  # idempotency key -> statuses of its attempts
        self.revoked = []  # (key text, acknowledged at)
        self.rotated = []  # (new key text from a rotation, acknowledged at)
        self.signins = []  # (t, status)
        self.stopping = False
        self.jwt = None
        self.workers = workers
        self.slots = threading.Semaphore(workers)

    def note(self, kind, status, seconds):
        with self.lock:
            self.results.append((self.phase, kind, status, seconds, time.time()))

    def bearer(self, key=None):
        return {"Authorization": "Bearer " + (key or self.demo["key"])}

    def verify_key(self):
        status, seconds, _ = request(self.port, "GET", "/v1/verify", self.bearer())
        self.note("verify-key", status, seconds)

    def verify_jwt(self):
        if not self.jwt:
            return self.signin()
        status, seconds, _ = request(self.port, "GET", "/v1/verify", self.bearer(self.jwt))
        self.note("verify-jwt", status, seconds)

    def signin(self):
        status, seconds, body = request(
            self.port, "POST", f"/v1/{self.demo['tenant']}/user/signin_with_api_key",
            {"x-api-key": self.demo["key"], "x-api-key-id": self.demo["key_id"], "x-user-id": "viewer"})
        self.note("sign-in", status, seconds)
        with self.lock:
            self.signins.append((time.time(), status))
        if status == 200 and body:
            self.jwt = body.get("jwt")

    def create_key(self):
        idempotency_key = random.choice(self.pool) if self.pool else "chaos-" + uuid.uuid4().hex[:16]
        attempts = []
        for attempt in range(8):
            status, seconds, body = request(
                self.port, "POST", "/v1/api_keys", {**self.bearer(), "Idempotency-Key": idempotency_key},
                {"name": idempotency_key, "scopes": ["data:read"]})
            self.note("key-create", status, seconds)
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
        status, seconds, _ = request(self.port, "GET", "/v1/api_keys?limit=50", self.bearer())
        self.note("key-list", status, seconds)

    def revoke(self):
        if self.pool:
            with self.lock:
                ids = list(self.pool_ids.values())
            if not ids:
                return self.create_key()
            status, seconds, _ = request(self.port, "DELETE", f"/v1/api_keys/{random.choice(ids)}", self.bearer())
            return self.note("revoke", status, seconds)
        status, seconds, body = request(
            self.port, "POST", "/v1/api_keys", self.bearer(), {"name": "to-revoke", "scopes": ["data:read"]})
        self.note("key-create", status, seconds)
        if status != 201 or not body:
            return
        status, seconds, _ = request(self.port, "DELETE", f"/v1/api_keys/{body['id']}", self.bearer())
        self.note("revoke", status, seconds)
        if status == 200:
            with self.lock:
                self.revoked.append((body["key"], time.time()))

    def rotate(self):
        """A fresh key rotated with no grace: the old key is then as good as revoked, the new one must work."""
        status, seconds, body = request(
            self.port, "POST", "/v1/api_keys", self.bearer(), {"name": "to-rotate", "scopes": ["data:read"]})
        self.note("key-create", status, seconds)
        if status != 201 or not body:
            return
        status, seconds, rotated = request(
            self.port, "POST", f"/v1/api_keys/{body['id']}/rotate", self.bearer(), {"grace_period_hours": 0})
        self.note("rotate", status, seconds)
        if status == 201 and rotated:
            with self.lock:
                self.revoked.append((body["key"], time.time()))
                self.rotated.append((rotated["key"], time.time()))

    MIX = [("verify_key", 40), ("verify_jwt", 25), ("signin", 5), ("create_key", 10), ("list_keys", 10),
           ("revoke", 7), ("rotate", 3)]

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


def setting_up(binary_dir, work, port):
    redis = Redis(work)
    redis.start()
    proxy = ResettingProxy(os.path.join(work, "proxy.sock"), redis.socket)
    base = {"PATH": "/usr/bin:/bin", "GATEHOUSE_REDIS_URL": f"unix://{redis.socket}"}
    edkeys = os.path.join(work, "eddsa.json")
    with open(edkeys, "w") as file:
        file.write(gatehouse(binary_dir, base, "signing-keys", "generate", "--alg", "EdDSA"))
    keys = gatehouse(binary_dir, base, "signing-keys", "generate", "--add-to", edkeys).strip()
    environment = {**base, "GATEHOUSE_REDIS_URL": f"unix://{proxy.path}", "GATEHOUSE_SIGNING_KEYS": keys,
                   "GATEHOUSE_SERVER_SECRET": "chaos-" + "s" * 40, "GATEHOUSE_LOG_LEVEL": "warning",
                   "GATEHOUSE_ISSUER": f"http://127.0.0.1:{port}", "GATEHOUSE_OTP_SENDER": "log",
                   "GATEHOUSE_MODE": "local"}
    try:
        demo = json.loads(gatehouse(binary_dir, base, "bootstrap-demo", "--tenant", "chaos", "--json"))
        server = Server(binary_dir, port, environment, os.path.join(work, "server.log"))
    except Exception:
        redis.kill()  # no redis-server outlives a failed start
        with open(os.path.join(work, "server.log"), errors="replace") as log:
            sys.stderr.write(log.read()[-2000:])
        raise
    return redis, proxy, server, demo


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
    EMPTIED.append(time.time())
    redis.kill()
    redis.wipe()
    redis.start()
    time.sleep(seconds)


EMPTIED = []

FAULTS = {"kill": fault_kill, "pause": fault_pause, "debug-sleep": fault_sleep, "reset": fault_reset,
          "oom": fault_oom, "empty-restart": fault_empty}


def recovery_seconds(results, phase, ended_at):
    """Seconds from the fault's end to the first keyed verify answered 200 — after an empty restart, to the
    first definite refusal (401, or 429 once the failures count against the client's address)."""
    wanted = (401, 429) if phase == "empty-restart" else (200,)
    after = sorted((t, status) for p, kind, status, _, t in results
                   if kind == "verify-key" and t >= ended_at and p in (phase, phase + " recovery"))
    for t, status in after:
        if status in wanted:
            return t - ended_at
    return None


def invariants(workload, redis, phase, ended_at):
    rows = [r for r in workload.results if r[0] in (phase, phase + " recovery")]
    statuses = {}
    for _, _, status, _, _ in rows:
        statuses[status] = statuses.get(status, 0) + 1
    undocumented = sum(count for status, count in statuses.items() if status not in DOCUMENTED)
    slow = sum(1 for r in rows if r[3] > LATENCY_BOUND)
    worst = max((r[3] for r in rows), default=0)
    recovery = recovery_seconds(workload.results, phase, ended_at)
    if os.environ.get("CHAOS_DEBUG"):
        print(phase, sorted({(p, k, st) for p, k, st, _, t in rows if t >= ended_at}), file=sys.stderr)
    return {"fault": phase, "requests": len(rows), "statuses": statuses, "undocumented": undocumented,
            "slow": slow, "max_s": worst, "recovery_s": recovery}


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
    redis, proxy, server, demo = setting_up(arguments.bin, work, arguments.port or 18310)
    workload = Workload(server.port, demo, arguments.rate)
    table = []
    violations = 0
    try:
        return measure(arguments, work, redis, proxy, server, demo, workload, table, violations)
    finally:
        server.stop()
        redis.kill()


def measure(arguments, work, redis, proxy, server, demo, workload, table, violations):
    """Drives the workload through every fault and prints the tables; the exit status."""
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
            table.append(invariants(workload, redis, name, ended_at))
        workload.phase = "cool-down"
        time.sleep(1)
    finally:
        workload.stop()
    # What the data says after every fault.
    empty = "empty-restart" in faults
    counts = key_counts(redis, demo["tenant"]) if not empty else {}
    duplicated = sum(1 for key, n in counts.items() if key.startswith("chaos-") and n > 1)
    succeeded_without_key = sum(1 for key, attempts in workload.idempotency.items()
                                if (201 in attempts) and counts.get(key, 0) == 0) if not empty else 0
    usable_revoked, in_window = 0, 0
    if not empty:
        for key, acknowledged in workload.revoked:
            status, _, _ = request(server.port, "GET", "/v1/verify", {"Authorization": "Bearer " + key})
            if status == 200:
                # appendfsync everysec: a write acknowledged in the last second before a kill may be lost.
                if any(0 <= kill - acknowledged <= 1.5 for kill in KILLS):
                    in_window += 1
                else:
                    usable_revoked += 1
    lost_rotations, rotations_in_window = 0, 0
    if not empty:
        for key, acknowledged in workload.rotated:
            status, _, _ = request(server.port, "GET", "/v1/verify", {"Authorization": "Bearer " + key})
            if status != 200:
                if any(0 <= kill - acknowledged <= 1.5 for kill in KILLS):
                    rotations_in_window += 1
                else:
                    lost_rotations += 1
    resurrected = sum(1 for phase, kind, status, _, t in workload.results
                      if kind == "verify-key" and status == 200 and EMPTIED and t > EMPTIED[0] + 0.2)
    windows = {}
    for t, status in workload.signins:
        if status == 200:
            windows[int(t // 60)] = windows.get(int(t // 60), 0) + 1
    over_limit = sum(max(0, n - 5) for n in windows.values())  # the per-key window is 60 s; 5 a minute
    lost_audit = server.log_count('"audit record lost"')
    shed = server.log_count('"request shed"')
    server.stop()

    print()
    print(f"chaos: {arguments.seconds:g} s per fault, {arguments.rate} req/s, latency bound {LATENCY_BOUND:.2f} s")
    print("| fault | requests | statuses | undocumented | slower than bound | max s | recovery s |")
    print("|---|---|---|---|---|---|---|")
    for row in table:
        statuses = " ".join(f"{s}×{n}" for s, n in sorted(row["statuses"].items()))
        recovery = f"{row['recovery_s']:.2f}" if row["recovery_s"] is not None else "never"
        print(f"| {row['fault']} | {row['requests']} | {statuses} | {row['undocumented']} | {row['slow']} | "
              f"{row['max_s']:.2f} | {recovery} |")
        violations += row["undocumented"] + row["slow"] + (row["recovery_s"] is None)
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
    print(f"| audit records lost (logged and counted) | {lost_audit} |")
    print(f"| requests shed | {shed} |")
    violations += duplicated + succeeded_without_key + usable_revoked + lost_rotations + over_limit + resurrected
    print(f"\nviolations: {violations}")
    redis.kill()
    shutil.rmtree(work, ignore_errors=True)
    return 1 if violations else 0


def soak(arguments):
    work = tempfile.mkdtemp(prefix="gatehouse-soak-")
    redis, proxy, server, demo = setting_up(arguments.bin, work, arguments.port or 18311)
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
        redis.kill()
    print()
    print("| minute | requests | p50 ms | p99 ms | non-2xx |")
    print("|---|---|---|---|---|")
    by_minute = {}
    for _, _, status, seconds, t in workload.results:
        by_minute.setdefault(int((t - started) // 60), []).append((seconds, status))
    for minute, rows in sorted(by_minute.items()):
        latencies = sorted(s for s, _ in rows)
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        failures = sum(1 for _, status in rows if not 200 <= status < 300)
        print(f"| {minute} | {len(rows)} | {p50:.1f} | {p99:.1f} | {failures} |")
    warm = [s for s in samples if s[0] >= 60] or samples
    growth = (warm[-1][1] - warm[0][1]) / warm[0][1] * 100 if warm and warm[0][1] else 0
    print(f"\nRSS after warm-up: {warm[0][1]:.1f} → {warm[-1][1]:.1f} MB ({growth:+.1f} %); "
          f"descriptors {warm[0][2]} → {warm[-1][2]}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


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
    arguments = parser.parse_args()
    sys.exit(run(arguments) if arguments.mode == "run" else soak(arguments))


if __name__ == "__main__":
    main()
