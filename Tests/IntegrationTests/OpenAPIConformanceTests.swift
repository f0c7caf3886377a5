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

    /// Examples schemathesis generates per operation (and phase), bounded so that the run stays
    /// well under 90 s on two cores.
    static let examplesPerOperation = 12

    @Test("the generated document is valid OpenAPI 3.1 (openapi-spec-validator)")
    func validDocument() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-openapi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("openapi.json")
        try Data(OpenAPIDocument.defaultDocument.serialized()).write(to: file)
        let (status, output) = try runTool(Self.python, ["-m", "openapi_spec_validator", file.path])
        #expect(status == 0, "openapi-spec-validator refused the document: \(output)")
        #expect(output.contains("OK"), "\(output)")
    }

    @Test("GET /openapi.json serves the generated document, its server the configured issuer")
    func servedDocument() throws {
        let fixture = try GatehouseFixture()
        let application = try fixture.application()
        let response = application.handle(
            Request(method: "GET", path: "/openapi.json"), redis: RedisClient(configuration: application.configuration.redis))
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
            "GATEHOUSE_OTP_SENDER": "log", "GATEHOUSE_MODE": "test", "GATEHOUSE_LOG_LEVEL": "warning",
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

        // The demo owner's key on every request (and seed 000's key id and user); rotating that
        // key revokes it, so rotateKey runs on its own, last.
        let credentials = [
            "--header", "Authorization: Bearer \(key)", "--header", "x-api-key-id: \(keyID)",
            "--header", "x-user-id: \(viewer)",
        ]
        let started = Date()
        var cases = 0
        var operations = 0
        for selection in [["--exclude-operation-id", "rotateKey"], ["--include-operation-id", "rotateKey"]] {
            let (status, output) = try runTool(
                Self.python,
                [
                    "-m", "schemathesis.cli", "run", document.path, "--url", base,
                    "--checks", Self.checks, "--max-examples", String(Self.examplesPerOperation),
                    "--phases", "examples,coverage,fuzzing", "--seed", "8", "--workers", "2", "--no-shrink",
                    "--request-timeout", "10", "--suppress-health-check", "all", "--warnings", "off",
                ] + credentials + selection, environment: ["HOME": folder.path])
            #expect(
                status == 0,
                "schemathesis found answers that break the document (\(selection)):\n\(output)\nserver log:\n\(server.log())")
            operations += Self.count(#/Tested: (\d+)/#, in: output)
            cases += Self.count(#/(\d+) generated/#, in: output)
        }
        let seconds = Int(Date().timeIntervalSince(started))
        print("schemathesis: \(operations) operations, \(cases) test cases, \(seconds) s")
        #expect(operations == RouteCatalog.routes.count, "schemathesis did not test every operation")
        #expect(cases >= operations * 10, "too few test cases: \(cases)")
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
