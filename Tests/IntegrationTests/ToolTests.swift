import Foundation
import GatehouseCore
import Testing

/// Runs a command and returns its exit code and combined output.
func runTool(
    _ path: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil
) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.currentDirectoryURL = directory
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, new in new }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("the gatehouse admin CLI against a real Redis")
struct CLITests {
    let redis = RedisTestServer.shared.url
    var cli: String { BuiltProducts.path("gatehouse") }

    @Test("gatehouse openapi prints infra/openapi.json, --issuer sets its server, --markdown-routes README's table")
    func openAPI() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let (status, printed) = try runTool(cli, ["openapi"], environment: ["GATEHOUSE_ISSUER": "https://ignored.example"])
        #expect(status == 0)
        let committed = try String(contentsOf: root.appendingPathComponent("infra/openapi.json"), encoding: .utf8)
        #expect(printed == committed, "the environment must not change the printed document")
        let (_, configured) = try runTool(cli, ["openapi", "--issuer", "https://auth.example.com", "--cookie-name", "amrood_session"])
        let document = try JSONValue.parse(configured, maxDepth: 64)
        #expect(document["servers"] == [["url": "https://auth.example.com"]])
        #expect(document["components"]?["securitySchemes"]?["session"]?["name"] == "amrood_session")
        let (_, table) = try runTool(cli, ["openapi", "--markdown-routes"])
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(RouteTableMarkdown.section(in: readme) == table)
        let (refused, message) = try runTool(cli, ["openapi", "--cookie-name", "bad name;"])
        #expect(refused != 0 && message.contains("GATEHOUSE_COOKIE_NAME"), "\(message)")
    }

    @Test("bootstrap-demo --json creates a tenant whose key signs in")
    func bootstrapDemo() throws {
        let tenant = "demo-" + Base62.random(count: 8).lowercased()
        let (status, output) = try runTool(cli, ["bootstrap-demo", "--json", "--tenant", tenant, "--redis-url", redis])
        #expect(status == 0, "\(output)")
        let demo = try JSONValue.parse(output)
        #expect(demo["tenant"] == .string(tenant))
        #expect(demo["owner_id"] == "owner" && demo["viewer_id"] == "viewer")
        let key = try #require(demo["key"]?.stringValue)
        let fixture = try GatehouseFixture()
        let response = try fixture.send(
            SigninRequest.seed000(
                org: tenant, key: key, keyID: demo["key_id"]?.stringValue, user: "viewer"))
        #expect(response.status == 200)
        // Idempotent: a second run reuses the tenant and its users and mints another key.
        let again = try runTool(cli, ["bootstrap-demo", "--json", "--tenant", tenant, "--redis-url", redis])
        #expect(again.0 == 0, "\(again.1)")
        let second = try JSONValue.parse(again.1)
        #expect(second["owner_id"] == "owner" && second["key_id"] != demo["key_id"])
        #expect(try fixture.send(SigninRequest.seed000(org: tenant, key: key, keyID: demo["key_id"]?.stringValue, user: "viewer")).status == 200)
    }

    @Test("tenant list shows the directory; tenant index lists a tenant created before it, once; an unknown id fails")
    func tenantDirectory() throws {
        let redisOption = ["--redis-url", redis]
        let listed = "cli-" + Base62.random(count: 8).lowercased()
        #expect(try runTool(cli, ["tenant", "create", listed, "--name", "Listed"] + redisOption).0 == 0)
        // A tenant written the way releases before the directory wrote them: its record only.
        let older = "cli-" + Base62.random(count: 8).lowercased()
        let store = TenantStore(redis: RedisClient(configuration: try RedisConfiguration(url: redis)))
        _ = try store.redisClient.command([
            "HSET", .string(TenantKeys(older).tenantRecord), "id", .string(older), "name", "Older", "created_at", "1",
        ])
        let ids = { () throws -> [String] in
            let (status, output) = try runTool(self.cli, ["tenant", "list", "--json"] + redisOption)
            try #require(status == 0, "\(output)")
            return try JSONValue.parse(output).arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        let before = try ids()
        #expect(before.contains(listed) && !before.contains(older))
        let (status, indexed) = try runTool(cli, ["tenant", "index", older, listed, "--json"] + redisOption)
        let added = try JSONValue.parse(indexed)["added"]
        #expect(status == 0 && added == [.string(older)], "\(indexed)")
        #expect(try ids().filter { $0 == older }.count == 1)
        #expect(try runTool(cli, ["tenant", "index", "cli-nobody-here"] + redisOption).0 != 0)
    }

    @Test("tenant, user and key commands; list never shows a secret; revoke stops the key at once")
    func keyLifecycle() throws {
        let tenant = "cli-" + Base62.random(count: 8).lowercased()
        let redisOption = ["--redis-url", redis]
        #expect(try runTool(cli, ["tenant", "create", tenant] + redisOption).0 == 0)
        #expect(
            try runTool(cli, ["user", "add", "--tenant", tenant, "--id", "ana", "--role", "admin"] + redisOption).0 == 0
        )
        #expect(
            try runTool(
                cli,
                [
                    "user", "add", "--tenant", tenant, "--id", "bo", "--role", "viewer",
                    "--phone", "+1555" + String(Int.random(in: 1_000_000...9_999_999)),
                ] + redisOption
            ).0 == 0)
        let badRole = try runTool(cli, ["user", "add", "--tenant", tenant, "--role", "emperor"] + redisOption)
        #expect(badRole.0 != 0 && badRole.1.contains("--role"))
        let badScope = try runTool(
            cli, ["key", "create", "--tenant", tenant, "--user", "ana", "--scopes", "Not A Scope"] + redisOption)
        #expect(badScope.0 != 0)

        let (status, created) = try runTool(
            cli,
            ["key", "create", "--tenant", tenant, "--user", "ana", "--scopes", "data:read", "--json"] + redisOption)
        #expect(status == 0, "\(created)")
        let record = try JSONValue.parse(created)
        let key = try #require(record["key"]?.stringValue)
        let keyID = try #require(record["id"]?.stringValue)
        #expect(record["scopes"] == ["data:read"])

        let (_, listed) = try runTool(cli, ["key", "list", "--tenant", tenant] + redisOption)
        #expect(listed.contains(keyID))
        #expect(
            !listed.contains(key) && !listed.contains(APIKey.parse(key)!.hashHex), "list leaked the secret or its hash")

        let fixture = try GatehouseFixture()
        let signin = SigninRequest.seed000(org: tenant, key: key, keyID: keyID, user: "bo")
        #expect(try fixture.send(signin).status == 200)
        #expect(try runTool(cli, ["key", "revoke", "--tenant", tenant, keyID] + redisOption).0 == 0)
        #expect(try fixture.send(signin).status == 401)
        #expect(try runTool(cli, ["key", "revoke", "--tenant", tenant, "key_missing"] + redisOption).0 != 0)
    }

    @Test("signing-keys generate writes a set the functions accept; --add-to extends it; jwks prints public halves")
    func signingKeys() throws {
        let (status, first) = try runTool(cli, ["signing-keys", "generate", "--alg", "EdDSA"])
        #expect(status == 0)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).json").path
        try first.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, second) = try runTool(cli, ["signing-keys", "generate", "--add-to", path])
        let set = try JWKSet(privateJWKSetJSON: second)
        #expect(set.keys.map(\.algorithm) == [.edDSA, .es256])
        try second.write(toFile: path, atomically: true, encoding: .utf8)
        let (jwksStatus, jwks) = try runTool(cli, ["jwks"], environment: ["GATEHOUSE_SIGNING_KEYS_FILE": path])
        #expect(jwksStatus == 0, "\(jwks)")
        #expect(try JSONValue.parse(jwks)["keys"]?.arrayValue?.count == 2)
        #expect(!jwks.contains(#""d""#))
        #expect(try runTool(cli, ["signing-keys", "generate", "--alg", "HS256"]).0 != 0)
        #expect(try runTool(cli, ["signing-keys", "generate", "--alg", "PS256"]).0 != 0)

        // RS256 for AWS API Gateway's JWT authorizer: a 2048-bit RSA key joins the set.
        let (rsaStatus, third) = try runTool(cli, ["signing-keys", "generate", "--alg", "RS256", "--add-to", path])
        #expect(rsaStatus == 0, "\(third)")
        let withRSA = try JWKSet(privateJWKSetJSON: third)
        #expect(withRSA.keys.map(\.algorithm) == [.edDSA, .es256, .rs256])
        #expect(withRSA.keys.last?.publicJWK()["n"]?.stringValue.flatMap { Base64URL.decode($0) }?.count == 256)
        try third.write(toFile: path, atomically: true, encoding: .utf8)
        let (_, rsaJWKS) = try runTool(cli, ["jwks"], environment: ["GATEHOUSE_SIGNING_KEYS_FILE": path])
        let published = try #require(try JSONValue.parse(rsaJWKS)["keys"]?.arrayValue?.last?.objectValue)
        #expect(published.names == ["kty", "n", "e", "kid", "alg", "use"])
    }

    @Test("Redis unreachable: a clear error and a non-zero exit")
    func redisDown() throws {
        let (status, output) = try runTool(cli, ["tenant", "create", "x", "--redis-url", "unix:///nonexistent/r.sock"])
        #expect(status != 0)
        #expect(output.contains("cannot reach Redis"))
    }

    @Test("a command reads only the settings it uses: a bad OTP sender or signing key set never stops a store command")
    func unrelatedSettingsIgnored() throws {
        let tenant = "cfg-" + Base62.random(count: 8).lowercased()
        let (status, output) = try runTool(
            cli, ["tenant", "create", tenant, "--redis-url", redis],
            environment: ["GATEHOUSE_OTP_SENDER": "bogus", "GATEHOUSE_SIGNING_KEYS": "not json"])
        #expect(status == 0, "\(output)")
        let (badRedis, message) = try runTool(
            cli, ["tenant", "create", tenant + "x"], environment: ["GATEHOUSE_REDIS_URL": "nonsense://"])
        #expect(badRedis != 0)
        #expect(message.contains("GATEHOUSE_REDIS_URL"), "\(message)")
    }
}

@Suite("gatehouse-server, in process and spawning CGI functions")
struct ServerTests {
    /// Starts the server on a free port and stops it when the body returns.
    func withServer(
        _ arguments: [String], fixture: GatehouseFixture, environment: [String: String] = [:],
        _ body: (String) throws -> Void
    ) throws {
        let port = Int.random(in: 20_000...29_999)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path("gatehouse-server"))
        process.arguments = ["--port", String(port)] + arguments
        process.environment = fixture.processEnvironment(environment)
        let log = Pipe()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if (try? runTool("/usr/bin/curl", ["-sf", base + "/.well-known/jwks.json"]).0) == 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try body(base)
    }

    @Test(
        "send-otp through the server answers before a 2 s provider is done (the delivery runs off the request path)",
        arguments: [[String](), ["--cgi"]])
    func deliveryOffTheRequestPath(arguments: [String]) throws {
        let harness = try OTPHarness()
        // A provider far slower than any answer, even on a loaded machine: an answer that waited for
        // the delivery takes over 2 s, one that did not takes milliseconds.
        let environment = harness.environment(["GATEHOUSE_OTP_WEBHOOK_URL": harness.receiver.url("/delay/2000")])
            .merging(["GATEHOUSE_MODE": "test", "GATEHOUSE_OTP_SENDER_TIMEOUT_MS": "5000"]) { $1 }
        try withServer(arguments, fixture: harness.fixture, environment: environment) { base in
            let (_, timing) = try runTool(
                "/usr/bin/curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "-X", "POST",
                    base + "/v1/auth/send-otp",
                    "-H", "Content-Type: application/json", "-d", #"{"phone":"\#(harness.viewerPhone)"}"#,
                ])
            let parts = timing.split(separator: " ")
            #expect(parts.first == "200", "\(timing)")
            #expect((Double(parts.last ?? "") ?? 9) < 1.5, "the answer waited for the delivery: \(timing) s")
            for _ in 0..<100 where harness.receiver.lastCode(for: harness.viewerPhone) == nil {
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(harness.receiver.lastCode(for: harness.viewerPhone) != nil, "the code was delivered after")
        }
    }

    @Test("every route answers through the server", arguments: [[String](), ["--cgi"]])
    func routes(arguments: [String]) throws {
        let fixture = try GatehouseFixture()
        try withServer(arguments, fixture: fixture) { base in
            let (_, signin) = try runTool(
                "/usr/bin/curl",
                [
                    "-s", "-X", "POST", "\(base)/v1/\(fixture.tenant)/user/signin_with_api_key",
                    "-H", "x-api-key: \(fixture.ownerKey.text)", "-H", "x-user-id: viewer",
                ])
            #expect(try JSONValue.parse(signin)["jwt"] != nil, "\(signin)")
            let (_, exchange) = try runTool(
                "/usr/bin/curl",
                [
                    "-s", "-X", "POST", "\(base)/oauth/token", "-d",
                    "grant_type=urn:ietf:params:oauth:grant-type:token-exchange",
                    "-d", "subject_token=\(fixture.ownerKey.text)", "-d",
                    "subject_token_type=urn:gatehouse:token-type:api-key",
                    "-d", "requested_subject=editor",
                ])
            #expect(try JSONValue.parse(exchange)["access_token"] != nil, "\(exchange)")
            let (_, refused) = try runTool(
                "/usr/bin/curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "\(base)/v2.0/Auth/token-exchange",
                    "-H", "X-API-Key: \(APIKey.generate().text)", "-H", "Content-Type: application/json", "-d",
                    #"{"userId":"x"}"#,
                ])
            #expect(refused == "401")
            let (_, jwks) = try runTool("/usr/bin/curl", ["-s", "\(base)/.well-known/jwks.json"])
            #expect(try JSONValue.parse(jwks)["keys"]?.arrayValue?.count == 3)
            let (_, missing) = try runTool(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/nowhere"])
            #expect(missing == "404")
        }
    }
}

@Suite("the gatehouse CLI: platform administrators and sessions")
struct AdminCLITests {
    let redis = RedisTestServer.shared.url
    var cli: String { BuiltProducts.path("gatehouse") }
    var redisOption: [String] { ["--redis-url", redis] }

    @Test("admin add, list, disable and enable; a phone in use is refused; unknown sessions are reported")
    func administrators() throws {
        let phone = "+1557" + String(Int.random(in: 1_000_000...9_999_999))
        let id = "adm-" + Base62.random(count: 8).lowercased()
        let (added, output) = try runTool(cli, ["admin", "add", "--phone", phone, "--id", id] + redisOption)
        #expect(added == 0, "\(output)")
        #expect(try adminRow(id).map { [$0["phone"], $0["status"]] } == [.string(phone), "active"])
        let again = try runTool(cli, ["admin", "add", "--phone", phone] + redisOption)
        #expect(again.0 != 0, "a phone already in use must be refused")
        #expect(try runTool(cli, ["admin", "add", "--phone", "12345"] + redisOption).0 != 0)
        #expect(try runTool(cli, ["admin", "disable", id] + redisOption).0 == 0)
        #expect(try adminRow(id).map { [$0["phone"], $0["status"]] } == [.string(phone), "disabled"])
        #expect(try runTool(cli, ["admin", "enable", id] + redisOption).0 == 0)
        let missing = try runTool(cli, ["session", "revoke", "--tenant", "_platform", "ses_missing"] + redisOption)
        #expect(missing.0 != 0 && missing.1.contains("not found"))
        let (_, table) = try runTool(cli, ["admin", "list"] + redisOption)
        #expect(table.hasPrefix("ID") && table.contains(id), "admin list prints a table for people: \(table)")
    }

    /// The administrator's row of `admin list --json`.
    func adminRow(_ id: String) throws -> JSONValue? {
        let (_, listed) = try runTool(cli, ["admin", "list", "--json"] + redisOption)
        return try JSONValue.parse(listed).arrayValue?.first { $0["id"] == .string(id) }
    }
}
