"""Lambda cold start under ministack: process start to the first /next request (issue 13).

    python lambda_start.py PORT RUNS NAME=ZIP... (run with ministack's Python; infra/bench/lambda-start)

Runs ministack in this process (its local executor spawns a zip's `bootstrap` and serves its
Runtime API) with two hooks: the time just before ministack's Popen of a bootstrap, and the time its
Runtime API receives that process's first GET /runtime/invocation/next (ProvidedWorker._mark_first_poll).
For each zip, RUNS times: create a function, invoke it once (the cold start), delete it. Prints, per
zip, the median, min and max of spawn → first /next and of the whole first invocation as the client
sees it, and the invocation statuses. Environment of every function: FUNCTION_ENV (a JSON object).
"""
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

port, runs = int(sys.argv[1]), int(sys.argv[2])
zips = [arg.split("=", 1) for arg in sys.argv[3:]]
os.environ.update({"GATEWAY_PORT": str(port), "BIND_HOST": "127.0.0.1", "LAMBDA_EXECUTOR": "local",
                   "SERVICES": "lambda", "IOT_MTLS_ENABLED": "0", "PERSISTENCE": "0"})

from ministack.core import lambda_runtime  # noqa: E402  (after the environment ministack reads)

spawned = {"at": None}
starts = []
real_popen = subprocess.Popen


class TimedPopen(real_popen):
    def __init__(self, args, *rest, **options):
        if isinstance(args, (list, tuple)) and args and str(args[0]).endswith("/bootstrap"):
            spawned["at"] = time.perf_counter()
        super().__init__(args, *rest, **options)


lambda_runtime.subprocess.Popen = TimedPopen
real_mark = lambda_runtime.ProvidedWorker._mark_first_poll


def timed_mark(self, generation):
    if spawned["at"] is not None:
        starts.append((time.perf_counter() - spawned["at"]) * 1000)
        spawned["at"] = None
    return real_mark(self, generation)


lambda_runtime.ProvidedWorker._mark_first_poll = timed_mark


def api(method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def drive():
    try:
        for _ in range(600):
            try:
                api("GET", "/2015-03-31/functions")
                break
            except OSError:
                time.sleep(0.1)
        import base64
        environment = json.loads(os.environ.get("FUNCTION_ENV", "{}"))
        event = {"version": "2.0", "rawPath": "/.well-known/jwks.json", "rawQueryString": "", "headers": {},
                 "requestContext": {"http": {"method": "GET", "sourceIp": "127.0.0.1"}}, "isBase64Encoded": False}
        print(f"{'bootstrap':34} {'runs':>4} {'start → first /next ms':>24} {'min':>7} {'max':>7} "
              f"{'first invoke ms':>16}   statuses")
        for name, path in zips:
            code = base64.b64encode(open(path, "rb").read()).decode()
            del starts[:]
            invokes, statuses = [], {}
            for run in range(runs):
                function = f"bench-{name}-{run}"
                status, reply = api("POST", "/2015-03-31/functions", {
                    "FunctionName": function, "Runtime": "provided.al2023", "Handler": "bootstrap",
                    "Role": "arn:aws:iam::000000000000:role/bench", "Timeout": 10, "Code": {"ZipFile": code},
                    "Environment": {"Variables": environment}})
                if status != 201:
                    raise SystemExit(f"creating {function}: {status} {reply[:300]}")
                began = time.perf_counter()
                status, reply = api("POST", f"/2015-03-31/functions/{function}/invocations", event)
                invokes.append((time.perf_counter() - began) * 1000)
                answer = json.loads(reply or b"{}")
                key = f"{status}/{answer.get('statusCode', answer.get('errorType', '?'))}"
                statuses[key] = statuses.get(key, 0) + 1
                api("DELETE", f"/2015-03-31/functions/{function}")
            if len(starts) != runs:
                raise SystemExit(f"{name}: {len(starts)} first /next requests seen for {runs} cold starts")
            print(f"{name:34} {runs:4d} {statistics.median(starts):24.2f} {min(starts):7.2f} {max(starts):7.2f} "
                  f"{statistics.median(invokes):16.2f}   {statuses}", flush=True)
            print(f"RESULT {name} {statistics.median(starts):.3f}", flush=True)
        os._exit(0)
    except BaseException as error:  # noqa: BLE001 (report, and end ministack with us)
        print(f"lambda-start: {error}", file=sys.stderr, flush=True)
        os._exit(1)


threading.Thread(target=drive, daemon=True).start()
sys.argv = ["ministack"]
from ministack.app import main  # noqa: E402

main()
