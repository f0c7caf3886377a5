import Foundation
import GatehouseCore
import Testing

/// A background process the test owns; stopped when the value goes away.
final class BackgroundProcess {
    let process = Process()
    let log = Pipe()

    init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// Kills the process: SIGKILL, because processes spawned from test threads inherit a signal
    /// mask that blocks SIGTERM.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// Waits until a URL answers (any HTTP status).
func waitForHTTP(_ url: String) {
    for _ in 0..<200 {
        if let (_, code) = try? runTool("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url]),
            code != "000"
        {
            return
        }
        Thread.sleep(forTimeInterval: 0.05)
    }
}

/// A 127.0.0.1 TCP port free right now.
func freePort() -> Int {
    for _ in 0..<100 {
        let port = Int.random(in: 30_000...39_999)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if bound { return port }
    }
    return 39_999
}

@Suite("nginx auth_request in front of an upstream, authorized by gatehouse-server's /v1/verify")
struct NginxAuthRequestTests {
    /// An upstream that echoes the headers it received as JSON (names in lower case).
    static let upstreamScript = """
        import http.server, json, sys
        class Echo(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args): pass
        http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Echo).serve_forever()
        """

    @Test("401 without a credential, X-Auth-* upstream, 403 without the scope; no credential or session cookie passes")
    func nginxAuthRequest() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            Issue.record("nginx is not installed (infra/test installs it)")
            return
        }
        let fixture = try GatehouseFixture()
        let (narrowRecord, narrow) = try fixture.makeKey(scopes: "data:read")
        let gatehousePort = freePort()
        let upstreamPort = freePort()
        let nginxPort = freePort()
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }

        let gatehouse = try BackgroundProcess(
            BuiltProducts.path("gatehouse-server"), ["--port", String(gatehousePort)],
            environment: fixture.processEnvironment(["GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1"]))
        defer { gatehouse.stop() }
        let upstream = try BackgroundProcess(
            "/usr/bin/env", ["python3", "-c", Self.upstreamScript, String(upstreamPort)],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")]
        )
        defer { upstream.stop() }

        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("infra/nginx/gatehouse-auth.conf")
        let template = try String(contentsOf: source, encoding: .utf8)
        let configuration = template.replacingOccurrences(of: "@LISTEN@", with: "127.0.0.1:\(nginxPort)")
            .replacingOccurrences(of: "@UPSTREAM@", with: "127.0.0.1:\(upstreamPort)")
            .replacingOccurrences(of: "@GATEHOUSE@", with: "127.0.0.1:\(gatehousePort)")
            .replacingOccurrences(of: "@PREFIX@", with: prefix)
            .replacingOccurrences(of: "@COOKIE_NAME@", with: "__Host-gh_session")
        let configPath = prefix + "/nginx.conf"
        try configuration.write(toFile: configPath, atomically: true, encoding: .utf8)
        let nginx = try BackgroundProcess(
            "/usr/sbin/nginx",
            ["-p", prefix, "-c", configPath, "-e", prefix + "/error.log", "-g", "master_process off;"], environment: [:]
        )
        defer { nginx.stop() }

        waitForHTTP("http://127.0.0.1:\(gatehousePort)/.well-known/jwks.json")
        waitForHTTP("http://127.0.0.1:\(upstreamPort)/")
        waitForHTTP("http://127.0.0.1:\(nginxPort)/")
        let base = "http://127.0.0.1:\(nginxPort)"
        func get(_ path: String, _ headers: [String]) throws -> (String, String) {
            let (_, output) = try runTool(
                "/usr/bin/curl", ["-s", "-w", "\n%{http_code}", base + path] + headers.flatMap { ["-H", $0] })
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            return (lines.dropLast().joined(separator: "\n"), String(lines.last ?? ""))
        }

        #expect(try get("/things", []).1 == "401")
        #expect(try get("/things", ["X-API-Key: \(APIKey.generate().text)"]).1 == "401")
        let (body, status) = try get(
            "/things", ["Authorization: Bearer \(narrow.text)", "X-Auth-Tenant: someone-else"])
        #expect(status == "200", "\(body)")
        let echoed = try JSONValue.parse(body)
        #expect(echoed["x-auth-tenant"] == .string(fixture.tenant))
        #expect(echoed["x-auth-subject"] == "owner")
        #expect(echoed["x-auth-scopes"] == "data:read")
        #expect(echoed["authorization"] == nil && echoed["x-api-key"] == nil)
        #expect(try get("/admin/things", ["X-API-Key: \(narrow.text)"]).1 == "403")
        // The challenges reach the client: a 401's by auth_request itself, a 403's copied.
        let (_, unauthorized) = try runTool("/usr/bin/curl", ["-s", "-i", base + "/things"])
        #expect(unauthorized.contains("WWW-Authenticate: Bearer resource_metadata="), "\(unauthorized)")
        let (_, forbidden) = try runTool("/usr/bin/curl", ["-s", "-i", base + "/admin/things", "-H", "X-API-Key: \(narrow.text)"])
        #expect(forbidden.contains(#"WWW-Authenticate: Bearer error="insufficient_scope", scope="admin:write""#), "\(forbidden)")
        #expect(try get("/admin/things", ["X-API-Key: \(fixture.ownerKey.text)"]).1 == "200")

        // Every credential header, and the session cookie among others: none reaches the upstream.
        func credentials(_ key: APIKey, id: String) -> [String] {
            [
                "Authorization: Bearer \(key.text)", "X-API-Key: \(key.text)", "x-api-key-id: \(id)",
                "x-agent-key: agk_not-forwarded", "x-platform-id: platform-id", "x-platform-secret: pls_not-forwarded",
            ]
        }
        let cookies: [(sent: String, forwarded: String?)] = [
            ("theme=dark; __Host-gh_session=ghs_secret1; lang=en", "theme=dark; lang=en"),
            ("__Host-gh_session=ghs_secret2; lang=en", "lang=en"),
            ("theme=dark; __Host-gh_session=ghs_secret3", "theme=dark"),
            ("__Host-gh_session=ghs_secret4", nil),
            ("__Host-gh_session=ghs_a; x=1; __Host-gh_session=ghs_b", nil),
        ]
        for path in ["/things", "/admin/things"] {
            for cookie in cookies {
                let admin = path == "/admin/things"
                let key = admin ? fixture.ownerKey : narrow
                let headers =
                    credentials(key, id: admin ? fixture.ownerKeyRecord.id : narrowRecord.id) + [
                        "Cookie: \(cookie.sent)"
                    ]
                let (body, status) = try get(path, headers)
                #expect(status == "200", "\(path): \(body)")
                let received = try JSONValue.parse(body)
                for name in PresentedCredential.headerNames {
                    #expect(received[name] == nil, "\(path): \(name) reached the upstream")
                }
                #expect(received["cookie"]?.stringValue == cookie.forwarded, "\(path): Cookie \(cookie.sent)")
                #expect(!body.contains("ghs_") && !body.contains("not-forwarded") && !body.contains(key.text))
            }
        }
    }
}
