import Foundation
import GatehouseCore
import Testing

/// The function executables in Lambda mode (`AWS_LAMBDA_RUNTIME_API` set), over their socket client, against
/// a loopback peer that plays the Runtime API's answers — including the failures (500, a closed
/// connection) the real one does not produce on demand. The end-to-end test against ministack is
/// in `MinistackTests`.
@Suite("the Lambda runtime loop over its plain-socket Runtime API client")
struct LambdaRuntimeTests {
    static func invocation(_ id: String, _ event: JSONValue) -> ScriptedHTTPPeer.Action {
        .reply(
            status: 200,
            headers: [
                "Lambda-Runtime-Aws-Request-Id": id, "Lambda-Runtime-Deadline-Ms": "1900000000000",
                "Lambda-Runtime-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
                "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:000000000000:function:signin",
                "Content-Type": "application/json",
            ], body: event.serialized())
    }

    static func signinEvent(tenant: String, key: String, user: String) -> JSONValue {
        [
            "version": "2.0", "routeKey": "$default", "rawPath": .string("/v1/\(tenant)/user/signin_with_api_key"),
            "rawQueryString": "", "headers": ["x-api-key": .string(key), "x-user-id": .string(user)],
            "requestContext": [
                "http": [
                    "method": "POST", "path": .string("/v1/\(tenant)/user/signin_with_api_key"),
                    "sourceIp": "198.51.100.7",
                ]
            ],
            "isBase64Encoded": false,
        ]
    }

    static let accepted = ScriptedHTTPPeer.Action.reply(status: 202, body: Array(#"{"status":"OK"}"#.utf8))

    /// Runs a function in Lambda mode until it gives up on the peer (which closes every connection
    /// once its script is played), and returns how it ended.
    func runLambda(
        _ function: String, peer: ScriptedHTTPPeer, environment: [String: String]
    ) throws
        -> FunctionProcess.Output
    {
        var environment = environment
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(peer.port)"
        return try FunctionProcess.run(function, environment: environment)
    }

    @Test("500s and closed connections are retried; then the invocation is answered on /response")
    func retriesThenAnswers() throws {
        let fixture = try GatehouseFixture()
        let event = Self.signinEvent(tenant: fixture.tenant, key: fixture.ownerKey.text, user: "viewer")
        let peer = try ScriptedHTTPPeer([
            .reply(status: 500, body: Array(#"{"errorMessage":"busy"}"#.utf8)), .close,
            Self.invocation("11111111-aaaa-4bbb-8ccc-000000000001", event), .close, Self.accepted,
        ])
        let started = Date()
        let output = try runLambda("signin", peer: peer, environment: fixture.processEnvironment())
        #expect(output.exitCode == 1, "the loop ends once the Runtime API stays away")
        #expect(Date().timeIntervalSince(started) < 30)
        let requests = peer.requests
        #expect(
            Array(requests.prefix(3).map(\.path)) == Array(repeating: "/2018-06-01/runtime/invocation/next", count: 3))
        let responses = requests.filter { $0.path.hasSuffix("/response") }
        #expect(
            responses.count == 2,
            "the first /response was cut off and sent again: \(requests.map(\.path)) \(output.stderr.suffix(3000))")
        #expect(responses.last?.path == "/2018-06-01/runtime/invocation/11111111-aaaa-4bbb-8ccc-000000000001/response")
        let response = try JSONValue.parse(try #require(responses.last?.body))
        #expect(response["statusCode"] == 200, "\(output.stderr.suffix(1500))")
        let body = try JSONValue.parse(try #require(response["body"]?.stringValue))
        #expect(body["jwt"]?.stringValue?.split(separator: ".").count == 3)
        #expect(output.stderr.contains("retrying"))
        #expect(!output.stderr.contains(fixture.ownerKey.text.dropFirst(14)), "the key reached the log")
    }

    @Test("an event that is not an HTTP event goes to /error; a bad request inside one gets its HTTP status")
    func invalidEvents() throws {
        let fixture = try GatehouseFixture()
        let tooLarge: JSONValue = [
            "rawPath": "/oauth/token", "requestContext": ["http": ["method": "POST"]],
            "body": .string(String(repeating: "x", count: 70_000)),
        ]
        let peer = try ScriptedHTTPPeer([
            .reply(status: 200, headers: ["Lambda-Runtime-Aws-Request-Id": "bad-1"], body: Array("{not json".utf8)),
            Self.accepted,
            .reply(
                status: 200, headers: ["Lambda-Runtime-Aws-Request-Id": "bad-2"],
                body: Array(#"{"source":"aws.events"}"#.utf8)),
            Self.accepted,
            Self.invocation("big-1", tooLarge), Self.accepted,
        ])
        _ = try runLambda("signin", peer: peer, environment: fixture.processEnvironment())
        let requests = peer.requests
        let errors = requests.filter { $0.path.hasSuffix("/error") }
        #expect(
            errors.map(\.path) == [
                "/2018-06-01/runtime/invocation/bad-1/error", "/2018-06-01/runtime/invocation/bad-2/error",
            ])
        #expect(errors.first?.headers["lambda-runtime-function-error-type"] == "Gatehouse.InvalidEvent")
        #expect(try JSONValue.parse(try #require(errors.first?.body))["errorType"] == "Gatehouse.InvalidEvent")
        let response = try #require(requests.first { $0.path == "/2018-06-01/runtime/invocation/big-1/response" })
        #expect(try JSONValue.parse(response.body)["statusCode"] == 413)
    }

    @Test("bad configuration is reported on /init/error, naming the variable and not its value")
    func initializationError() throws {
        let fixture = try GatehouseFixture()
        let peer = try ScriptedHTTPPeer([Self.accepted])
        let output = try runLambda(
            "signin", peer: peer, environment: fixture.processEnvironment(["GATEHOUSE_TOKEN_TTL": "forever-and-ever"]))
        #expect(output.exitCode == 1)
        let requests = peer.requests
        #expect(requests.map(\.path) == ["/2018-06-01/runtime/init/error"])
        let report = try JSONValue.parse(try #require(requests.first?.body))
        #expect(report["errorType"] == "Runtime.ConfigurationError")
        #expect(report["errorMessage"]?.stringValue?.contains("GATEHOUSE_TOKEN_TTL") == true)
        #expect(report["errorMessage"]?.stringValue?.contains("forever-and-ever") == false)
    }

    @Test("warm invocations reuse one Redis connection")
    func warmReuse() throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let observer = try redis.client()
        func connectionsReceived() throws -> Int {
            guard case .string(let bytes) = try observer.command(["INFO", "stats"]) else { return -1 }
            let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
                .first { $0.hasPrefix("total_connections_received:") }
            return line.flatMap { Int($0.split(separator: ":")[1]) } ?? -1
        }
        let before = try connectionsReceived()
        let event = Self.signinEvent(tenant: fixture.tenant, key: fixture.ownerKey.text, user: "viewer")
        let peer = try ScriptedHTTPPeer([
            Self.invocation("warm-1", event), Self.accepted, Self.invocation("warm-2", event), Self.accepted,
            Self.invocation("warm-3", event), Self.accepted,
        ])
        _ = try runLambda(
            "signin", peer: peer, environment: fixture.processEnvironment(["GATEHOUSE_REDIS_URL": redis.url]))
        let responses = peer.requests.filter { $0.path.hasSuffix("/response") }
        #expect(try responses.map { try JSONValue.parse($0.body)["statusCode"] } == [200, 200, 200])
        #expect(try connectionsReceived() - before == 1, "three invocations, one connection")
    }
}
