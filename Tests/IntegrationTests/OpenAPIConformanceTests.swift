import Foundation
import GatehouseCore
import Testing

/// The OpenAPI document against the tools a user would point at it: openapi-spec-validator (is it
/// valid OpenAPI 3.1?) and schemathesis (does a live `gatehouse-server` answer as it says?).
@Suite("OpenAPI document: valid, served, and true of a live server")
struct OpenAPIConformanceTests {
    /// The Python with schemathesis and openapi-spec-validator: `GATEHOUSE_OPENAPI_PYTHON`
    /// (infra/test sets it), else the virtual environment infra/lib.sh makes under .build/.
    static var python: String {
        if let explicit = ProcessInfo.processInfo.environment["GATEHOUSE_OPENAPI_PYTHON"], !explicit.isEmpty {
            return explicit
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/openapi-venv/bin/python").path
    }

    /// ``python``, once it is known to have the tools.
    static func tools() throws -> String {
        let python = Self.python
        let (status, output) = try runTool(python, ["-c", "import schemathesis, openapi_spec_validator"])
        try #require(
            status == 0,
            Comment(
                rawValue: "\(python) lacks schemathesis or openapi-spec-validator "
                    + "(infra/test installs them: infra/lib.sh ensure_openapi_tools): \(output)")
        )
        return python
    }

    /// Examples schemathesis generates per operation (and phase), bounded so that the run stays
    /// well under 90 s on two cores. One worker: Hypothesis is not thread-safe on Python 3.11
    /// (two workers fail now and then inside its lambda-source reader).
    static let examplesPerOperation = 40

    @Test("the generated document is valid OpenAPI 3.1 (openapi-spec-validator)")
    func validDocument() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatehouse-openapi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("openapi.json")
        try Data(OpenAPIDocument.defaultDocument.serialized()).write(to: file)
        let (status, output) = try runTool(try Self.tools(), ["-m", "openapi_spec_validator", file.path])
        #expect(status == 0, "openapi-spec-validator refused the document: \(output)")
        #expect(output.contains("OK"), "\(output)")
    }

    @Test("GET /openapi.json serves the generated document, its server the configured issuer")
    func servedDocument() throws {
        let fixture = try GatehouseFixture()
        let application = try fixture.application()
        let response = application.handle(
            APIRequest(method: "GET", path: "/openapi.json"),
            redis: RedisClient(configuration: application.configuration.redis))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let served = try JSONValue.parse(response.body, maxDepth: 64)
        #expect(served == OpenAPIDocument.document(application.configuration))
        #expect(served["servers"] == [["url": "https://gatehouse.test"]])
    }

    @Test("schemathesis against gatehouse-server: no 5xx, every answer as documented")
    func schemathesis() throws {
        // A Redis of its own: thousands of requests from 127.0.0.1 must not spend the per-IP
        // limits other tests count on.
        let redis = try RedisTestServer()
        defer { redis.stop() }
        let tenant = "st-" + Base62.random(count: 8).lowercased()
        let (demoStatus, demoOutput) = try runTool(
            BuiltProducts.path("gatehouse"), ["bootstrap-demo", "--json", "--tenant", tenant, "--redis-url", redis.url])
        try #require(demoStatus == 0, "bootstrap-demo failed: \(demoOutput)")
        let demo = try JSONValue.parse(demoOutput)
        let key = try #require(demo["key"]?.stringValue)
        let keyID = try #require(demo["key_id"]?.stringValue)
        let viewer = try #require(demo["viewer_id"]?.stringValue)

        let port = try TestPorts.free()
        let base = "http://127.0.0.1:\(port)"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatehouse-schemathesis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = [
            "GATEHOUSE_REDIS_URL": redis.url, "GATEHOUSE_SIGNING_KEYS": TestSigningKeys.privateJSON,
            "GATEHOUSE_ISSUER": base, "GATEHOUSE_SERVER_SECRET": GatehouseFixture.serverSecret,
            "GATEHOUSE_OTP_SENDER": "log", "GATEHOUSE_MODE": "test", "GATEHOUSE_LOG_LEVEL": "notice",
            "PATH": "/usr/bin:/bin",
        ]
        let server = try SupervisedProcess(
            [BuiltProducts.path("gatehouse-server"), "--port", String(port), "--workers", "2"],
            environment: environment, logPath: folder.appendingPathComponent("server.log").path)
        defer { server.stop() }
        try TestPorts.waitUntilListening(port, process: server)

        // The document as the server serves it, read from a file: schemathesis leaves out the
        // URL it loaded the document from, and /openapi.json is an operation to test too.
        let (fetched, served) = try runTool("/usr/bin/curl", ["-sf", base + "/openapi.json"])
        try #require(fetched == 0, "GET /openapi.json failed: \(served)")
        let document = folder.appendingPathComponent("openapi.json")
        try served.write(to: document, atomically: true, encoding: .utf8)

        // Four passes, each with one credential on every request (a credential header wins over
        // the session cookie, and a bad x-api-key-id fails the key, so they are never mixed): the
        // demo agent's key, the owner's OTP session, the owner's API key (with seed 000's key id
        // and user), and last the operations that revoke a credential they run with.
        let owner = ["Authorization: Bearer \(key)", "x-api-key-id: \(keyID)", "x-user-id: \(viewer)"]
        let agentKey = try Self.createAgent(base: base, ownerKey: key)
        let cookie = try Self.signInByOTP(base: base, phone: Self.demoOwnerPhone, server: server)
        let revoking = ["rotateKey", "rotateAgentKey", "logout"]
        let passes: [(name: String, headers: [String], operations: [String]?, excluded: [String])] = [
            (
                "agent key", ["Authorization: Bearer \(agentKey)"],
                ["agentProof", "proof", "getAgent", "verify", "verifyPost", "introspect"], []
            ),
            ("session cookie", ["Cookie: \(cookie)"], ["session", "sessionToken", "adminSession"], []),
            ("owner's API key", owner, nil, revoking),
            ("revoking operations", owner + ["Cookie: \(cookie)"], revoking, []),
        ]
        let python = try Self.tools()
        let started = Date()
        var cases = 0
        var tested = Set<String>()
        for pass in passes {
            let selection =
                (pass.operations ?? []).flatMap { ["--include-operation-id", $0] }
                + pass.excluded.flatMap { ["--exclude-operation-id", $0] }
            let (status, output) = try runTool(
                python,
                [
                    "-m", "schemathesis.cli", "run", document.path, "--url", base,
                    "--checks", Self.checks, "--max-examples", String(Self.examplesPerOperation),
                    "--phases", "examples,coverage,fuzzing,stateful", "--seed", "8", "--workers", "1", "--no-shrink",
                    "--request-timeout", "10", "--suppress-health-check", "all", "--warnings", "off",
                ] + pass.headers.flatMap { ["--header", $0] } + selection, environment: ["HOME": folder.path],
                directory: folder)
            #expect(
                status == 0,
                Comment(
                    rawValue: "schemathesis (\(pass.name)) found answers that break the document:\n\(output)"
                        + "\nserver log:\n\(server.log())")
            )
            cases += Self.count(#/(\d+) generated/#, in: output)
            if pass.operations == nil {
                tested.formUnion(RouteCatalog.routes.map(\.operation.rawValue).filter { !pass.excluded.contains($0) })
                #expect(Self.count(#/Tested: (\d+)/#, in: output) == RouteCatalog.routes.count - pass.excluded.count)
            } else {
                tested.formUnion(pass.operations ?? [])
                #expect(Self.count(#/Tested: (\d+)/#, in: output) == pass.operations?.count)
            }
        }
        let seconds = Int(Date().timeIntervalSince(started))
        print(
            Comment(
                rawValue: "schemathesis: \(RouteCatalog.routes.count) operations, \(cases) test cases "
                    + "(at most \(Self.examplesPerOperation) per operation and phase), \(seconds) s")
        )
        #expect(tested == Set(RouteCatalog.routes.map(\.operation.rawValue)), "operations no pass tested")
    }

    /// The phone `gatehouse bootstrap-demo` gives the demo owner.
    static let demoOwnerPhone = "+15555550100"

    /// A new agent of the demo tenant; its key.
    static func createAgent(base: String, ownerKey: String) throws -> String {
        let (_, output) = try runTool(
            "/usr/bin/curl",
            [
                "-s", "-X", "POST", base + "/v1/agents", "-H", "Authorization: Bearer \(ownerKey)", "-H",
                "Content-Type: application/json", "-d", #"{"name":"schemathesis"}"#,
            ])
        return try #require(try JSONValue.parse(output)["key"]?.stringValue, "creating the agent failed: \(output)")
    }

    /// Signs in by OTP (the log sender writes the code to the server's log); the session cookie.
    static func signInByOTP(base: String, phone: String, server: SupervisedProcess) throws -> String {
        let (_, sent) = try runTool(
            "/usr/bin/curl",
            [
                "-s", "-X", "POST", base + "/v1/auth/send-otp", "-H", "Content-Type: application/json", "-d",
                #"{"phone":"\#(phone)"}"#,
            ])
        try #require(sent.contains("sent"), "send-otp failed: \(sent)")
        var code: String?
        for _ in 0..<100 where code == nil {
            code =
                server.log().split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
                .last { $0["otp_code"] != nil }?["otp_code"]?.stringValue
            if code == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let (_, verified) = try runTool(
            "/usr/bin/curl",
            [
                "-s", "-D", "-", "-o", "/dev/null", "-X", "POST", base + "/v1/auth/verify-otp", "-H",
                "Content-Type: application/json", "-d", #"{"phone":"\#(phone)","code":"\#(try #require(code))"}"#,
            ])
        let line = try #require(
            verified.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") },
            "no cookie: \(verified)")
        let value = line.dropFirst("set-cookie:".count).split(separator: ";")[0]
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// What schemathesis checks on every answer: no 5xx; status, content type, headers and body
    /// as the document says.
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance",
    ].joined(separator: ",")

    /// The number a summary line of schemathesis reports, 0 when it is missing.
    static func count(_ pattern: Regex<(Substring, Substring)>, in output: String) -> Int {
        output.firstMatch(of: pattern).flatMap { Int($0.1) } ?? 0
    }
}
