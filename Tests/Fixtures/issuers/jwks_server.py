"""A JWKS endpoint for the external-issuer tests, on 127.0.0.1 (ports 18200-18299).

Serves GET /<name> from the directory given as argv[1]: the body of <name>.json, with the
Cache-Control value in <name>.cache-control when present. <name>.status overrides the status
(e.g. 503 for "down"; 302 sends a Location back to itself); every request appends a line to
<name>.log. Prints the port it listens on, then serves until killed.
"""
import os, socket, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

root = sys.argv[1]


def read(name, default=None):
    path = os.path.join(root, name)
    if not os.path.exists(path):
        return default
    with open(path, "rb") as handle:
        return handle.read()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        name = self.path.strip("/")
        with open(os.path.join(root, name + ".log"), "a") as log:
            log.write(self.path + "\n")
        status = int(read(name + ".status", b"200"))
        body = read(name + ".json", b"")
        self.send_response(status)
        if status in (301, 302, 307, 308):
            self.send_header("Location", "http://127.0.0.1:%d/%s" % (self.server.server_port, name))
        cache_control = read(name + ".cache-control")
        if cache_control:
            self.send_header("Cache-Control", cache_control.decode().strip())
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


for port in range(18200, 18300):
    try:
        server = HTTPServer(("127.0.0.1", port), Handler)
        break
    except OSError:
        continue
else:
    sys.exit("no free port in 18200-18299")
print(port, flush=True)
server.serve_forever()
