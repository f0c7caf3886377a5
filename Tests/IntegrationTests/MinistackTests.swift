import Foundation
import GatehouseCore
import Testing

/// ministack (PyPI) on 127.0.0.1 with its local executor (no Docker): it runs a `provided.al2023`
/// zip's `bootstrap` as a warm worker against its own Runtime API, and serves Function URLs.
final class Ministack {
    let port: Int
    let state: URL
    private let process: SupervisedProcess

    /// The Python that has ministack: `GATEHOUSE_MINISTACK_PYTHON` (infra/test sets it), else `python3`.
    static var python: String {
        ProcessInfo.processInfo.environment["GATEHOUSE_MINISTACK_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "python3"
    }

    init() throws {
        port = try TestPorts.free()
        state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatehouse-ministack-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment.merge([
            "GATEWAY_PORT": String(port), "BIND_HOST": "127.0.0.1", "LAMBDA_EXECUTOR": "local",
            "SERVICES": "lambda", "IOT_MTLS_ENABLED": "0", "TMPDIR": state.path, "PERSISTENCE": "0",
        ]) { _, new in new }
        process = try SupervisedProcess(
            ["/usr/bin/env", Self.python, "-m", "ministack"], environment: environment,
            logPath: state.appendingPathComponent("ministack.log").path)
        try TestPorts.waitUntilListening(port, process: process, seconds: 60)
    }

    deinit {
        process.stop()
        try? FileManager.default.removeItem(at: state)
    }

    /// Calls ministack's Lambda API (unsigned; ministack does not check signatures by default).
    func api(_ method: String, _ path: String, _ body: JSONValue) throws -> (Int, JSONValue) {
        let file = state.appendingPathComponent("request-\(UUID().uuidString.prefix(8)).json").path
        try Data(body.serialized()).write(to: URL(fileURLWithPath: file))
        let (status, output) = try runTool(
            "/usr/bin/curl",
            [
                "-s", "-S", "-X", method, "http://127.0.0.1:\(port)\(path)", "-H", "Content-Type: application/json",
                "--data-binary", "@" + file, "-w", "\n%{http_code}",
            ])
        guard status == 0, let newline = output.lastIndex(of: "\n") else {
            throw SupervisedProcessError("ministack API call failed: \(output) \(process.log())")
        }
        return (
            Int(output[output.index(after: newline)...]) ?? 0,
            (try? JSONValue.parse(String(output[..<newline]))) ?? .null
        )
    }

    /// Its log, for failure messages.
    func log() -> String { process.log() }
}

@Suite("Lambda end to end: the zip from infra/lambda/build in ministack, called through its Function URL")
struct MinistackTests {
    @Test("a Function URL request gets a real JWT; a warm second invocation reuses the Redis connection")
    func functionURL() throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let ministack = try Ministack()

        let (built, buildOutput) = try runTool(
            repositoryRoot.appendingPathComponent("infra/lambda/build").path,
            ["--from-bin", BuiltProducts.directory.path, "--out", ministack.state.path, "signin"],
            environment: ProcessInfo.processInfo.environment)
        #expect(built == 0, "\(buildOutput)")
        let zip = try Data(contentsOf: ministack.state.appendingPathComponent("signin.zip"))

        let (created, function) = try ministack.api(
            "POST", "/2015-03-31/functions",
            [
                "FunctionName": "gatehouse-signin", "Runtime": "provided.al2023", "Handler": "bootstrap",
                "Role": "arn:aws:iam::000000000000:role/gatehouse", "Timeout": 10,
                "Code": ["ZipFile": .string(Base64.encode(Array(zip)))],
                "Environment": [
                    "Variables": [
                        "GATEHOUSE_REDIS_URL": .string(redis.url),
                        "GATEHOUSE_SIGNING_KEYS": .string(TestSigningKeys.privateJSON),
                        "GATEHOUSE_ISSUER": "https://gatehouse.test", "GATEHOUSE_AUDIENCE": "gatehouse-tests",
                    ]
                ],
            ])
        #expect(created == 201, "\(function)")
        let (urlCreated, urlConfig) = try ministack.api(
            "POST", "/2021-10-31/functions/gatehouse-signin/url", ["AuthType": "NONE"])
        #expect(urlCreated == 201, "\(urlConfig)")
        let functionURL = try #require(urlConfig["FunctionUrl"]?.stringValue)
        let urlID = try #require(functionURL.split(separator: "/").dropFirst().first?.split(separator: ".").first)
        let base = "http://127.0.0.1:\(ministack.port)/_aws/lambda-url/\(urlID)"

        let observer = try redis.client()
        func connectionsReceived() throws -> Int {
            guard case .string(let bytes) = try observer.command(["INFO", "stats"]) else { return -1 }
            let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
                .first { $0.hasPrefix("total_connections_received:") }
            return line.flatMap { Int($0.split(separator: ":")[1]) } ?? -1
        }
        func signin(_ user: String, key: String) throws -> WebServer.Reply {
            let (status, output) = try runTool(
                "/usr/bin/curl",
                [
                    "-s", "-S", "-i", "--max-time", "60", "-X", "POST",
                    "\(base)/v1/\(fixture.tenant)/user/signin_with_api_key", "-H", "x-api-key: \(key)",
                    "-H", "x-user-id: \(user)",
                ])
            guard status == 0 else { throw SupervisedProcessError("curl: \(output) \(ministack.log())") }
            return try WebServer.parse(output)
        }

        let before = try connectionsReceived()
        let cold = try signin("viewer", key: fixture.ownerKey.text)
        #expect(cold.status == 200, "\(cold.body) \(ministack.log())")
        let token = try #require(cold.json["jwt"]?.stringValue)
        let claims = try JWTVerifier(
            keys: try fixture.configuration().signingKeys!, issuer: "https://gatehouse.test",
            audience: "gatehouse-tests"
        ).verify(token, now: SystemAccess.currentTimeMilliseconds() / 1000)
        #expect(claims["sub"] == "viewer")
        let afterCold = try connectionsReceived()
        #expect(afterCold - before == 1, "the cold invocation opens one connection")

        let warm = try signin("editor", key: fixture.ownerKey.text)
        #expect(warm.status == 200, "\(warm.body)")
        let refused = try signin("viewer", key: APIKey.generate().text)
        #expect(refused.status == 401, "an error keeps its status through the Function URL")
        #expect(refused.json["error"]?["code"] == "authentication_error")
        #expect(try connectionsReceived() == afterCold, "warm invocations reuse the connection")
    }
}
