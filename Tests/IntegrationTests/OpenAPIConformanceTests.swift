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
        let redisURL = RedisTestServer.shared.url
        let tenant = "st-" + Base62.random(count: 8).lowercased()
        let (demoStatus, demoOutput) = try runTool(
            BuiltProducts.path("gatehouse"), ["bootstrap-demo", "--json", "--tenant", tenant, "--redis-url", redisURL])
        try #require(demoStatus == 0, "bootstrap-demo failed: \(demoOutput)")
        let demo = try JSONValue.parse(demoOutput)
        let key = try #require(demo["key"]?.stringValue)

        let port = try TestPorts.free()
        let base = "http://127.0.0.1:\(port)"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-schemathesis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = [
            "GATEHOUSE_REDIS_URL": redisURL, "GATEHOUSE_SIGNING_KEYS": TestSigningKeys.privateJSON,
            "GATEHOUSE_ISSUER": base, "GATEHOUSE_SERVER_SECRET": GatehouseFixture.serverSecret,
            "GATEHOUSE_OTP_SENDER": "log", "GATEHOUSE_MODE": "test", "GATEHOUSE_LOG_LEVEL": "warning",
            "PATH": "/usr/bin:/bin",
        ]
        let server = try SupervisedProcess(
            [BuiltProducts.path("gatehouse-server"), "--port", String(port), "--workers", "2"], environment: environment,
            logPath: folder.appendingPathComponent("server.log").path)
        defer { server.stop() }
        try TestPorts.waitUntilListening(port, process: server)

        let started = Date()
        let (status, output) = try runTool(
            Self.python,
            [
                "-m", "schemathesis.cli", "run", base + "/openapi.json",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                    + "response_headers_conformance,response_schema_conformance",
                "--max-examples", String(Self.examplesPerOperation), "--phases", "examples,coverage,fuzzing",
                "--seed", "8", "--workers", "2", "--no-shrink", "--request-timeout", "10",
                "--header", "Authorization: Bearer \(key)", "--header", "x-user-id: viewer",
                "--suppress-health-check", "all", "--warnings", "off",
            ], environment: ["HOME": folder.path, "SCHEMATHESIS_HOOKS": ""])
        let seconds = Date().timeIntervalSince(started)
        let summary = output.split(separator: "\n").filter {
            $0.contains("API Operations") || $0.contains("Test cases") || $0.contains("Test Phases") || $0.contains("passed")
                || $0.contains("failed")
        }
        print("schemathesis (\(Int(seconds)) s): " + summary.joined(separator: " | "))
        #expect(status == 0, "schemathesis found answers that break the document:\n\(output)\nserver log:\n\(server.log())")
        #expect(output.contains("\(RouteCatalog.routes.count) selected"), "not every operation was tested:\n\(output)")
    }
}
