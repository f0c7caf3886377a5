import Foundation
import GatehouseCore
import Testing

@Suite("infra/nginx/mcp-gateway.conf: an MCP server behind nginx auth_request and Gatehouse")
struct McpGatewayTests {
    /// A tiny MCP-like server: answers a JSON-RPC POST with the caller Gatehouse named.
    static let mcpScript = """
        import http.server, json, sys
        class Mcp(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                request = json.loads(self.rfile.read(int(self.headers.get('Content-Length', '0'))) or b'{}')
                body = json.dumps({'jsonrpc': '2.0', 'id': request.get('id'), 'result': {
                    'subject': self.headers.get('X-Auth-Subject'), 'tenant': self.headers.get('X-Auth-Tenant'),
                    'authorization': self.headers.get('Authorization')}}).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args): pass
        http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Mcp).serve_forever()
        """

    @Test("401 with resource_metadata, metadata through nginx, a token for this resource passes, others do not")
    func gateway() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            Issue.record("nginx is not installed (infra/test installs it)")
            return
        }
        let (gatehousePort, mcpPort, nginxPort) = (freePort(), freePort(), freePort())
        let resource = "http://127.0.0.1:\(nginxPort)/mcp"
        let harness = try OAuthTokenHarness(["GATEHOUSE_OAUTH_RESOURCES": resource])
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }

        let gatehouse = try BackgroundProcess(
            BuiltProducts.path("gatehouse-server"), ["--port", String(gatehousePort)],
            environment: harness.fixture.processEnvironment(
                harness.extra.merging(["GATEHOUSE_TRUSTED_PROXIES": "127.0.0.1"]) { $1 }))
        defer { gatehouse.stop() }
        let mcp = try BackgroundProcess(
            "/usr/bin/env", ["python3", "-c", Self.mcpScript, String(mcpPort)],
            environment: ["PATH": "/usr/local/bin:/usr/bin:/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")])
        defer { mcp.stop() }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("infra/nginx/mcp-gateway.conf")
        let configuration = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: "@LISTEN@", with: "127.0.0.1:\(nginxPort)")
            .replacingOccurrences(of: "@MCP@", with: "127.0.0.1:\(mcpPort)")
            .replacingOccurrences(of: "@GATEHOUSE@", with: "127.0.0.1:\(gatehousePort)")
            .replacingOccurrences(of: "@RESOURCE@", with: resource)
            .replacingOccurrences(of: "@SCOPE@", with: "data:read")
            .replacingOccurrences(of: "@PREFIX@", with: prefix)
        for placeholder in ["@LISTEN@", "@MCP@", "@GATEHOUSE@", "@RESOURCE@", "@SCOPE@", "@PREFIX@"] {
            #expect(!configuration.contains(placeholder), "\(placeholder) is replaced")
        }
        try configuration.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = try BackgroundProcess(
            "/usr/sbin/nginx",
            ["-p", prefix, "-c", prefix + "/nginx.conf", "-e", prefix + "/error.log", "-g", "master_process off;"],
            environment: [:])
        defer { nginx.stop() }
        waitForHTTP("http://127.0.0.1:\(gatehousePort)/.well-known/jwks.json")
        waitForHTTP("http://127.0.0.1:\(nginxPort)/.well-known/oauth-protected-resource/mcp")

        /// (status, headers, body) of a curl call.
        func curl(_ url: String, _ arguments: [String]) throws -> (String, String, String) {
            let (_, output) = try runTool("/usr/bin/curl", ["-s", "-i", url] + arguments)
            let parts = output.components(separatedBy: "\r\n\r\n")
            let head = parts.first ?? ""
            let status = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
        }
        func call(_ token: String?) throws -> (String, String, String) {
            try curl(
                "http://127.0.0.1:\(nginxPort)/mcp",
                ["-X", "POST", "-H", "Content-Type: application/json", "-d", #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#]
                    + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []))
        }

        let (status, head, _) = try call(nil)
        #expect(status == "401")
        #expect(head.contains(#"resource_metadata="\#(resource.replacingOccurrences(of: "/mcp", with: ""))/.well-known/oauth-protected-resource/mcp""#), "\(head)")
        let (metadataStatus, _, metadata) = try curl("http://127.0.0.1:\(nginxPort)/.well-known/oauth-protected-resource/mcp", [])
        #expect(metadataStatus == "200")
        let document = try JSONValue.parse(Array(metadata.utf8))
        #expect(document["resource"] == .string(resource) && document["authorization_servers"] == ["https://gatehouse.test"])

        // A token for this resource, redeemed at gatehouse-server's token endpoint over HTTP.
        let (client, _) = try harness.register()
        let verifier = OAuthTokenHarness.verifier()
        let code = try harness.code(for: client, verifier: verifier, resource: resource, scopes: "data:read")
        func redeem(_ code: OpaqueToken) throws -> String {
            let (_, _, body) = try curl(
                "http://127.0.0.1:\(gatehousePort)/oauth/token",
                [
                    "-d", "grant_type=authorization_code", "--data-urlencode", "code=\(code.text)",
                    "--data-urlencode", "client_id=\(client.id)", "--data-urlencode", "code_verifier=\(verifier)",
                    "--data-urlencode", "redirect_uri=\(OAuthTokenHarness.redirectURI)",
                ])
            return try #require(try JSONValue.parse(Array(body.utf8))["access_token"]?.stringValue, "\(body)")
        }
        let token = try redeem(code)
        let (okStatus, _, okBody) = try call(token)
        #expect(okStatus == "200", "\(okBody)")
        let answer = try JSONValue.parse(Array(okBody.utf8))
        #expect(answer["result"]?["subject"] == "editor" && answer["result"]?["authorization"] == .null)

        // A token of Gatehouse's own audience is refused here (no audience confusion).
        let (_, _, ownBody) = try curl(
            "http://127.0.0.1:\(gatehousePort)/oauth/token",
            [
                "-d", "grant_type=urn:ietf:params:oauth:grant-type:token-exchange",
                "--data-urlencode", "subject_token=\(harness.fixture.ownerKey.text)",
                "-d", "subject_token_type=urn:gatehouse:token-type:api-key", "-d", "requested_subject=editor",
            ])
        let own = try #require(try JSONValue.parse(Array(ownBody.utf8))["access_token"]?.stringValue, "\(ownBody)")
        #expect(try call(own).0 == "401")

        // A token for this resource without the required scope: 403 with the insufficient_scope challenge.
        let narrow = try harness.code(for: client, verifier: verifier, resource: resource, scopes: "pages:read")
        let narrowToken = try redeem(narrow)
        let (deniedStatus, deniedHead, _) = try call(narrowToken)
        #expect(deniedStatus == "403")
        #expect(deniedHead.contains(#"error="insufficient_scope", scope="data:read""#), "\(deniedHead)")
    }
}
