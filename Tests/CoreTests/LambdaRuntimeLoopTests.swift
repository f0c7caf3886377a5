import GatehouseCore
import Logging
import Testing

/// A Runtime API that hands out scripted results and records what the loop sends back.
final class ScriptedRuntimeClient: LambdaRuntimeClient {
    var next: [Result<LambdaInvocation, LambdaRuntimeError>]
    var responseFailures: [LambdaRuntimeError] = []
    var responses: [(requestID: String, body: [UInt8])] = []
    var errors: [(requestID: String, report: LambdaErrorReport)] = []
    var initializationErrors: [LambdaErrorReport] = []

    init(_ next: [Result<LambdaInvocation, LambdaRuntimeError>]) { self.next = next }

    func nextInvocation() throws(LambdaRuntimeError) -> LambdaInvocation {
        guard !next.isEmpty else { throw .rejected(status: 410, "script exhausted") }
        return try next.removeFirst().get()
    }

    func sendResponse(_ body: [UInt8], requestID: String) throws(LambdaRuntimeError) {
        if !responseFailures.isEmpty { throw responseFailures.removeFirst() }
        responses.append((requestID, body))
    }

    func sendError(_ report: LambdaErrorReport, requestID: String) throws(LambdaRuntimeError) {
        errors.append((requestID, report))
    }

    func sendInitializationError(_ report: LambdaErrorReport) throws(LambdaRuntimeError) {
        initializationErrors.append(report)
    }
}

@Suite("the Lambda runtime loop, driven by a scripted Runtime API")
struct LambdaRuntimeLoopTests {
    static let keys = try! JWKSet(keys: [SigningKey.generate(.es256)]).privateJWKSetJSON()

    /// A loop over every route, with a Redis that cannot be reached (fail closed) and no real pauses.
    func loop(
        _ client: ScriptedRuntimeClient, sleeps: Box<[Int]> = Box([]), traces: Box<[String?]> = Box([])
    )
        throws -> LambdaRuntimeLoop<ScriptedRuntimeClient>
    {
        let configuration = try Configuration(environment: [
            "GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_REDIS_URL": "unix:///nonexistent/gatehouse.sock",
            "GATEHOUSE_ISSUER": "https://gatehouse.test",
        ])
        let application = Dispatcher(
            configuration: configuration, routes: FunctionCatalog.allRoutes,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return LambdaRuntimeLoop(
            client: client, application: application, redis: RedisClient(configuration: configuration.redis),
            retryPolicy: .init(attempts: 4, firstDelayMilliseconds: 20, maximumDelayMilliseconds: 50),
            sleep: { sleeps.value.append($0) }, publishTraceID: { traces.value.append($0) })
    }

    static func event(method: String = "GET", path: String, headers: JSONValue = [:], body: String? = nil) -> [UInt8] {
        var event: JSONObject = [
            "version": "2.0", "routeKey": "$default", "rawPath": .string(path), "rawQueryString": "",
            "headers": headers, "requestContext": ["http": ["method": .string(method), "sourceIp": "203.0.113.9"]],
            "isBase64Encoded": false,
        ]
        if let body { event["body"] = .string(body) }
        return JSONValue.object(event).serialized()
    }

    static func invocation(_ id: String, _ event: [UInt8], trace: String? = nil) -> LambdaInvocation {
        LambdaInvocation(
            requestID: id, deadlineMilliseconds: 1_900_000_000_000, traceID: trace,
            invokedFunctionARN: "arn:aws:lambda:us-east-1:000000000000:function:jwks", event: event)
    }

    @Test("a response's deferred work runs after its /response call, never before (SPEC §4 send-otp)")
    func deferredWorkAfterResponse() throws {
        let client = ScriptedRuntimeClient([.success(Self.invocation("r-1", Self.event(path: "/later")))])
        let probe = ResponseCountProbe(client)
        let route = Route("GET", "/later", function: "test") { _, context in
            context.afterResponse.add { _ in probe.record() }
            return .json(200, ["status": "answered"])
        }
        let configuration = try Configuration(environment: [
            "GATEHOUSE_SIGNING_KEYS": Self.keys, "GATEHOUSE_REDIS_URL": "unix:///nonexistent/gatehouse.sock",
            "GATEHOUSE_ISSUER": "https://gatehouse.test",
        ])
        let application = Dispatcher(
            configuration: configuration, routes: RouteTable([route]),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let loop = LambdaRuntimeLoop(
            client: client, application: application, redis: RedisClient(configuration: configuration.redis))
        #expect(loop.run(limit: 1) == .servedLimit(1))
        #expect(probe.seen == [1], "the work ran once, after the one /response call")
    }

    @Test("each invocation is answered on /response with a v2 response; the trace id is published")
    func answersInvocations() throws {
        let client = ScriptedRuntimeClient([
            .success(Self.invocation("r-1", Self.event(path: "/.well-known/jwks.json"), trace: "Root=1-abc")),
            .success(Self.invocation("r-2", Self.event(path: "/nowhere"))),
        ])
        let traces = Box<[String?]>([])
        #expect(try loop(client, traces: traces).run(limit: 2) == .servedLimit(2))
        #expect(client.responses.map(\.requestID) == ["r-1", "r-2"])
        let first = try JSONValue.parse(client.responses[0].body)
        #expect(first["statusCode"] == 200)
        #expect(try JSONValue.parse(try #require(first["body"]?.stringValue))["keys"]?.arrayValue?.count == 1)
        #expect(try JSONValue.parse(client.responses[1].body)["statusCode"] == 404)
        #expect(traces.value == ["Root=1-abc", nil])
        #expect(client.errors.isEmpty)
    }

    @Test("an API Gateway REQUEST authorizer event is answered in the simple form, refused when the store is down")
    func authorizerEvent() throws {
        let event = VerifyAuthorizerEventTests.authorizerEvent(headers: ["x-api-key": .string(APIKey.generate().text)])
        let client = ScriptedRuntimeClient([.success(Self.invocation("r-1", event.serialized()))])
        _ = try loop(client).run(limit: 1)
        let response = try JSONValue.parse(client.responses[0].body)
        #expect(response["isAuthorized"] == false)
        #expect(response["statusCode"] == nil)
        #expect(response["context"]?["status"] == 503)
    }

    @Test("a store that cannot be reached answers 503 in the v2 response (fail closed)")
    func failsClosed() throws {
        let event = Self.event(
            method: "POST", path: "/v1/acme/user/signin_with_api_key",
            headers: ["x-api-key": .string(APIKey.generate().text), "x-user-id": "viewer"])
        let client = ScriptedRuntimeClient([.success(Self.invocation("r-1", event))])
        _ = try loop(client).run(limit: 1)
        let response = try JSONValue.parse(client.responses[0].body)
        #expect(response["statusCode"] == 503)
        #expect(response["headers"]?["Retry-After"] != nil)
    }

    @Test(
        "what is not an HTTP event is reported on /error, never answered as HTTP",
        arguments: ["{", "[]", #"{"detail-type":"Scheduled Event"}"#, #"{"requestContext":{"http":{}}}"#, ""])
    func invalidEvents(event: String) throws {
        let client = ScriptedRuntimeClient([.success(Self.invocation("r-bad", Array(event.utf8)))])
        #expect(try loop(client).run(limit: 1) == .servedLimit(1))
        #expect(client.responses.isEmpty)
        #expect(client.errors.map(\.requestID) == ["r-bad"])
        #expect(client.errors.first?.report.type == "Gatehouse.InvalidEvent")
    }

    @Test("an event whose request is bad is answered with its HTTP error (413 for a body over 64 KiB)")
    func badRequestInsideEvent() throws {
        let big = String(repeating: "a", count: 70_000)
        let client = ScriptedRuntimeClient([
            .success(Self.invocation("r-1", Self.event(method: "POST", path: "/oauth/token", body: big)))
        ])
        _ = try loop(client).run(limit: 1)
        #expect(try JSONValue.parse(client.responses[0].body)["statusCode"] == 413)
    }

    @Test("a Runtime API that fails (500, closed connection) is retried with growing pauses")
    func retriesTransientFailures() throws {
        let client = ScriptedRuntimeClient([
            .failure(.transient("invocation/next answered 500")),
            .failure(.transient("curl error 52: Server returned nothing (no headers, no data)")),
            .failure(.transient("invocation/next answered 502")),
            .success(Self.invocation("r-1", Self.event(path: "/.well-known/jwks.json"))),
        ])
        client.responseFailures = [.transient("response answered 500")]
        let sleeps = Box<[Int]>([])
        #expect(try loop(client, sleeps: sleeps).run(limit: 1) == .servedLimit(1))
        #expect(sleeps.value == [20, 40, 50, 20])
        #expect(client.responses.map(\.requestID) == ["r-1"])
    }

    @Test("a Runtime API that stays down ends the loop after the retry budget, without hanging")
    func givesUp() throws {
        let client = ScriptedRuntimeClient(Array(repeating: .failure(.transient("answered 500")), count: 10))
        let sleeps = Box<[Int]>([])
        let exit = try loop(client, sleeps: sleeps).run()
        #expect(exit == .runtimeUnavailable(.transient("answered 500")))
        #expect(sleeps.value.count == 3)
        #expect(client.next.count == 6)
    }

    @Test("a refused /next is not retried; a response refused as too large becomes an error report")
    func refusals() throws {
        let client = ScriptedRuntimeClient([
            .success(Self.invocation("r-1", Self.event(path: "/.well-known/jwks.json"))),
            .failure(.rejected(status: 403, "invocation/next answered 403")),
        ])
        client.responseFailures = [.rejected(status: 413, "response answered 413")]
        let sleeps = Box<[Int]>([])
        #expect(
            try loop(client, sleeps: sleeps).run()
                == .runtimeUnavailable(.rejected(status: 403, "invocation/next answered 403")))
        #expect(sleeps.value.isEmpty)
        #expect(client.errors.map(\.report.type) == ["Function.ResponseSizeTooLarge"])
    }

    @Test("the retry policy doubles from the first pause up to the cap")
    func backoff() {
        let policy = LambdaRuntimeLoop<ScriptedRuntimeClient>.RetryPolicy(
            attempts: 8, firstDelayMilliseconds: 20, maximumDelayMilliseconds: 2_000)
        #expect((1...9).map(policy.delay(afterFailure:)) == [20, 40, 80, 160, 320, 640, 1280, 2000, 2000])
    }

    @Test("repeated Set-Cookie fields become separate cookies entries of the v2 response, in order")
    func repeatedCookies() {
        var headers = HeaderFields()
        headers.add("Set-Cookie", "__Host-gh_session=abc; Path=/; Secure; HttpOnly; SameSite=Lax")
        headers.add("Set-Cookie", "theme=dark; Path=/")
        headers.add("Cache-Control", "no-store")
        let rendered = EventTransport.render(APIResponse(status: 200, headers: headers, body: Array("{}".utf8)))
        #expect(
            rendered["cookies"] == [
                "__Host-gh_session=abc; Path=/; Secure; HttpOnly; SameSite=Lax", "theme=dark; Path=/",
            ])
        #expect(rendered["headers"]?["Set-Cookie"] == nil)
        #expect(rendered["headers"]?["Cache-Control"] == "no-store")
    }

    @Test("error reports are the JSON the Runtime API expects")
    func reportJSON() throws {
        let report = LambdaErrorReport(
            type: "Runtime.ConfigurationError", message: "GATEHOUSE_TOKEN_TTL is not a number")
        let json = try JSONValue.parse(report.json)
        #expect(json["errorType"] == "Runtime.ConfigurationError")
        #expect(json["errorMessage"] == "GATEHOUSE_TOKEN_TTL is not a number")
    }
}

/// Records how many `/response` calls the client had seen when deferred work ran. The loop runs on
/// one thread, so the unchecked sendability is safe here.
final class ResponseCountProbe: @unchecked Sendable {
    let client: ScriptedRuntimeClient
    var seen: [Int] = []
    init(_ client: ScriptedRuntimeClient) { self.client = client }
    func record() { seen.append(client.responses.count) }
}

/// A mutable value the loop's closures can record into.
final class Box<Value> {
    var value: Value
    init(_ value: Value) { self.value = value }
}
