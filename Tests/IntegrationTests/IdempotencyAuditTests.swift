import Foundation
import GatehouseCore
import Testing

@Suite("Idempotency-Key on mutating POSTs against a real Redis")
struct IdempotencyTests {
    let body = #"{"name":"once","scopes":["data:read"]}"#

    @Test("the same key and body replay the stored response; no second key is minted; stored sealed")
    func replay() throws {
        let fixture = try GatehouseFixture()
        let before = try fixture.store.keys(tenant: fixture.tenant).count
        let first = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: ["Idempotency-Key": "create-1"], json: body)
        let second = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: ["Idempotency-Key": "create-1"], json: body)
        #expect(first.status == 201 && second.status == 201)
        #expect(first.body == second.body)
        #expect(second.headers["Idempotent-Replayed"] == "true")
        #expect(try fixture.store.keys(tenant: fixture.tenant).count == before + 1)

        let secret = try #require(first.json["key"]?.stringValue)
        let redis = fixture.store.redisClient
        let names = try fixture.store.redisKeys(matching: "gh:{\(fixture.tenant)}:idem:*")
        #expect(names.count == 1)
        for name in names {
            let raw = try redis.command(["DUMP", .string(name)]).bytes ?? []
            #expect(
                !String(decoding: raw, as: UTF8.self).contains(secret), "the stored replay holds the key in plaintext")
            #expect(!String(decoding: raw, as: UTF8.self).contains(String(secret.dropFirst(8).prefix(20))))
        }
        // A fresh key is a fresh request.
        let third = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: ["Idempotency-Key": "create-2"], json: body)
        #expect(third.json["id"] != first.json["id"])
    }

    @Test("the same key with another body is 422; in flight is 409; keys are scoped to the credential")
    func refusals() throws {
        let fixture = try GatehouseFixture()
        let headers = ["Idempotency-Key": "k-1"]
        #expect(
            try fixture.call("POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: headers, json: body).status
                == 201)
        let other = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: headers,
            json: #"{"name":"twice","scopes":["data:read"]}"#)
        #expect(other.status == 422)

        let (_, secondKey) = try fixture.makeKey()
        let separate = try fixture.call("POST", "/v1/api_keys", key: secondKey.text, headers: headers, json: body)
        #expect(separate.status == 201 && separate.headers["Idempotent-Replayed"] == nil)

        // A request still in flight under the same key and body: 409.
        let (record, thirdKey) = try fixture.makeKey()
        let request = GatehouseFixture.request("POST", "/v1/api_keys", json: body)
        let recordKey = TenantKeys(fixture.tenant).idempotency(
            credential: "api_key:\(record.id)", key: Hex.encodeSHA256("k-1"))
        _ = try fixture.store.redisClient.command([
            "HSET", .string(recordKey), "state", "pending", "fp", .string(IdempotencyPolicy.fingerprint(request)),
        ])
        let inFlight = try fixture.call("POST", "/v1/api_keys", key: thirdKey.text, headers: headers, json: body)
        #expect(inFlight.status == 409)
        #expect(
            try fixture.call(
                "POST", "/v1/api_keys", key: thirdKey.text, headers: ["Idempotency-Key": "bad key"], json: body
            ).status == 400)
    }

    @Test("a failed request does not consume the key")
    func failureNotKept() throws {
        let fixture = try GatehouseFixture()
        let headers = ["Idempotency-Key": "retry-me"]
        let bad = #"{"name":"x","scopes":["data:read"],"app_id":"later"}"#
        #expect(
            try fixture.call("POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: headers, json: bad).status
                == 422)
        _ = try fixture.store.createApp(tenant: fixture.tenant, id: "later", name: "Later")
        #expect(
            try fixture.call("POST", "/v1/api_keys", key: fixture.ownerKey.text, headers: headers, json: bad).status
                == 201)
    }
}

@Suite("audit stream, GET /v1/audit and the webhook forwarder against a real Redis")
struct AuditTests {
    @Test("one record per authenticated call and per failed authentication; legacy flagged; no secrets")
    func records() throws {
        let fixture = try GatehouseFixture()
        let (legacyRecord, legacy) = try fixture.makeKey(by: "editor", mode: .legacy)
        let (revokedRecord, revoked) = try fixture.makeKey()
        try fixture.store.revokeKey(tenant: fixture.tenant, id: revokedRecord.id)
        let cookie = "__Host-gh_session=s3cr3tcookievalue"
        #expect(
            try fixture.call(
                "GET", "/v1/verify", key: legacy.text, headers: ["User-Agent": "tests/1.0", "Cookie": cookie]
            ).status == 200)
        #expect(try fixture.call("GET", "/v1/verify", key: revoked.text).status == 401)
        #expect(try fixture.call("GET", "/v1/api_keys", key: fixture.ownerKey.text).status == 200)

        let audit = try fixture.call("GET", "/v1/audit", key: fixture.ownerKey.text, query: "limit=10")
        #expect(audit.status == 200)
        let data = try #require(audit.json["data"]?.arrayValue)
        #expect(data.count == 3)
        #expect(data[0]["key_id"] == .string(legacyRecord.id) && data[0]["legacy_mode"] == true)
        #expect(
            data[0]["outcome"] == "success" && data[0]["user_agent"] == "tests/1.0"
                && data[0]["status"] == .integer(200))
        #expect(data[0]["route"] == "/v1/verify" && data[0]["client_ip"] == "192.0.2.10")
        #expect(data[1]["outcome"] == "auth_failed" && data[1]["key_id"] == .string(revokedRecord.id))
        #expect(data[1]["status"] == .integer(401) && data[1]["legacy_mode"] == false)
        #expect(data[2]["credential_type"] == "api_key" && data[2]["subject"] == "owner")

        let since = try #require(data[0]["id"]?.stringValue)
        let later = try fixture.call("GET", "/v1/audit", key: fixture.ownerKey.text, query: "since=\(since)&limit=1")
        #expect(
            later.json["data"]?.arrayValue?.count == 1 && later.json["data"]?.arrayValue?.first?["id"] == data[1]["id"])
        #expect(try fixture.call("GET", "/v1/audit", key: fixture.ownerKey.text, query: "limit=0").status == 422)
        let (_, narrow) = try fixture.makeKey(scopes: "data:read")
        #expect(try fixture.call("GET", "/v1/audit", key: narrow.text).status == 403)

        let everything = String(decoding: audit.body, as: UTF8.self) + fixture.logs.text
        for secret in [
            legacy.text, revoked.text, fixture.ownerKey.text, legacy.hashHex, revoked.hashHex, "s3cr3tcookievalue",
        ] {
            #expect(!everything.contains(secret), "a secret reached the audit log or a log line")
        }
    }

    @Test("audit:read is an admin scope: a viewer's `*:read` key cannot read GET /v1/audit, an admin's can")
    func auditReadIsNotAReadScope() throws {
        let fixture = try GatehouseFixture()
        let (_, viewerKey) = try fixture.makeKey(by: "viewer", scopes: "*:read")
        let (_, wildcardReader) = try fixture.makeKey(by: "admin", scopes: "*:read")
        let (_, adminKey) = try fixture.makeKey(by: "admin", scopes: "*:read audit:read")
        #expect(try fixture.call("GET", "/v1/audit", key: viewerKey.text).status == 403)
        #expect(try fixture.call("GET", "/v1/audit", key: wildcardReader.text).status == 403)
        #expect(try fixture.call("GET", "/v1/audit", key: adminKey.text).status == 200)
        #expect(try fixture.call("GET", "/v1/users", key: viewerKey.text).status == 200)
    }

    @Test("no secret in any log line, error body or audit record across every route")
    func noSecrets() throws {
        let fixture = try GatehouseFixture()
        let created = try fixture.call(
            "POST", "/v1/api_keys", key: fixture.ownerKey.text, json: #"{"name":"n","scopes":["data:read"]}"#)
        let newKey = try #require(created.json["key"]?.stringValue)
        let id = try #require(created.json["id"]?.stringValue)
        var bodies: [String] = []
        let (platform, platformSecret) = try fixture.store.createPlatformCredential(tenant: fixture.tenant, name: "p")
        let agent = try fixture.call(
            "POST", "/v1/agents", headers: ["x-platform-id": platform.id, "x-platform-secret": platformSecret.text],
            json: #"{"name":"a"}"#)
        let agentKey = try #require(agent.json["key"]?.stringValue)
        let rotated = try fixture.call(
            "POST", "/v1/api_keys/\(id)/rotate", key: fixture.ownerKey.text, json: #"{"grace_period_hours":0}"#)
        let rotatedKey = try #require(rotated.json["key"]?.stringValue)
        for response in [
            try fixture.call("GET", "/v1/verify", key: newKey),
            try fixture.call("GET", "/v1/verify", key: newKey + "x"),
            try fixture.call("GET", "/v1/verify", headers: ["x-agent-key": agentKey], query: "scope=keys:manage"),
            try fixture.call(
                "GET", "/v1/verify", headers: ["x-platform-id": "plt_nope", "x-platform-secret": platformSecret.text]),
            try fixture.call("DELETE", "/v1/api_keys/\(id)", key: rotatedKey),
            try fixture.call("GET", "/v1/audit", key: fixture.ownerKey.text, query: "limit=1000"),
            try fixture.call("GET", "/v1/verify", query: "token=\(rotatedKey)"),
        ] {
            bodies.append(String(decoding: response.body, as: UTF8.self))
        }
        let unattributed = try fixture.store.redisClient.command([
            "XRANGE", .string(AuditLog.unattributedStream), "-", "+",
        ])
        let everything = bodies.joined() + fixture.logs.text + "\(unattributed)"
        for secret in [newKey, rotatedKey, agentKey, platformSecret.text, fixture.ownerKey.text] {
            #expect(!everything.contains(secret))
            #expect(!everything.contains(APIKey.parse(secret)!.hashHex))
        }
    }

    /// A webhook receiver verifying each message with the `standardwebhooks` package; the first
    /// request is refused with 500 to prove redelivery.
    static let receiverScript = """
        import http.server, json, sys
        from standardwebhooks.webhooks import Webhook
        secret, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        hook = Webhook(secret)
        state = {'n': 0}
        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                state['n'] += 1
                if state['n'] == 1:
                    self.send_response(500); self.end_headers(); return
                try:
                    payload = hook.verify(body, dict(self.headers))
                except Exception as error:
                    self.send_response(400); self.end_headers(); return
                with open(out, 'a') as f:
                    f.write(json.dumps(payload['data']) + '\\n')
                self.send_response(204); self.end_headers()
            def log_message(self, *args): pass
        http.server.HTTPServer(('127.0.0.1', port), Receiver).serve_forever()
        """

    @Test(
        "gatehouse audit forward: Standard Webhooks signatures verified by the standardwebhooks package, at least once")
    func forwarder() throws {
        let fixture = try GatehouseFixture()
        for _ in 0..<3 { _ = try fixture.call("GET", "/v1/verify", key: fixture.ownerKey.text) }
        let (_, python) = try runTool(
            "/usr/bin/env", ["sh", "-c", "command -v python3"],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        let port = freePort()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hooks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let secret = StandardWebhooks.generateSecret()
        let receiver = try BackgroundProcess(
            python.trimmingCharacters(in: .whitespacesAndNewlines),
            ["-c", Self.receiverScript, secret, String(port), out],
            environment: ProcessInfo.processInfo.environment)
        defer { receiver.stop() }
        for _ in 0..<100 {
            if let (_, code) = try? runTool(
                "/usr/bin/curl",
                ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "GET", "http://127.0.0.1:\(port)/"]),
                code != "000"
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let arguments = [
            "audit", "forward", "--tenant", fixture.tenant, "--webhook", "http://127.0.0.1:\(port)/hook",
            "--once", "--retry-after-ms", "0", "--redis-url", fixture.redisURL,
        ]
        let environment = ["GATEHOUSE_AUDIT_WEBHOOK_SECRET": secret]
        let first = try runTool(BuiltProducts.path("gatehouse"), arguments, environment: environment)
        #expect(first.0 == 1, "a record not delivered fails --once: \(first.1)")
        #expect(first.1.contains("delivered 2, failed 1"), "\(first.1)")
        #expect(first.1.contains("1 record(s) not delivered: the webhook answered"), "\(first.1)")
        let second = try runTool(BuiltProducts.path("gatehouse"), arguments, environment: environment)
        #expect(second.0 == 0 && second.1.contains("delivered 1, failed 0"), "\(second.1)")
        let third = try runTool(BuiltProducts.path("gatehouse"), arguments + ["--json"], environment: environment)
        #expect(third.0 == 0 && third.1.contains(#""delivered":0"#), "\(third.1)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let ids = Set(try lines.map { try JSONValue.parse(String($0))["id"]?.stringValue ?? "" })
        #expect(ids.count == 3)
        #expect(!lines.joined().contains(fixture.ownerKey.text))
        let bad = try runTool(
            BuiltProducts.path("gatehouse"), ["audit", "forward", "--tenant", fixture.tenant, "--webhook", "http://x"],
            environment: ["GATEHOUSE_AUDIT_WEBHOOK_SECRET": "nope"])
        #expect(bad.0 == 78 && bad.1.contains("GATEHOUSE_AUDIT_WEBHOOK_SECRET"), "\(bad.1)")
        let onCommandLine = try runTool(
            BuiltProducts.path("gatehouse"),
            ["audit", "forward", "--tenant", fixture.tenant, "--webhook", "http://x", "--secret", secret])
        #expect(onCommandLine.0 == 64, "a secret on the command line is refused: \(onCommandLine.1)")
    }
}
