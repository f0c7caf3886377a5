import Foundation
import GatehouseCore
import Testing

@Suite("verify as an API Gateway HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses)")
struct VerifyAuthorizerTests {
    /// A payload-2.0 authorizer event as API Gateway sends it, protecting `GET /orders/{id}`.
    static func event(headers: [String: String], cookies: [String] = [], sourceIp: String = "192.0.2.44") -> [UInt8] {
        var headerObject: JSONObject = ["host": "abc.execute-api.eu-west-1.amazonaws.com", "user-agent": "curl/8"]
        for (name, value) in headers { headerObject[name.lowercased()] = .string(value) }
        let event: JSONValue = [
            "version": "2.0", "type": "REQUEST",
            "routeArn": "arn:aws:execute-api:eu-west-1:123456789012:abc123/$default/GET/orders/42",
            "identitySource": .array(headers.values.map { .string($0) }), "routeKey": "GET /orders/{id}",
            "rawPath": "/orders/42", "rawQueryString": "expand=items", "cookies": .array(cookies.map { .string($0) }),
            "headers": .object(headerObject), "queryStringParameters": ["expand": "items"],
            "requestContext": [
                "accountId": "123456789012", "apiId": "abc123", "domainName": "abc.execute-api.eu-west-1.amazonaws.com",
                "domainPrefix": "abc",
                "http": [
                    "method": "GET", "path": "/orders/42", "protocol": "HTTP/1.1", "sourceIp": .string(sourceIp),
                    "userAgent": "curl/8",
                ],
                "requestId": "JKJaXmPLvHcESHA=", "routeKey": "GET /orders/{id}", "stage": "$default",
                "time": "10/Jan/2025:10:00:00 +0000", "timeEpoch": 1_736_503_200_000,
            ],
            "pathParameters": ["id": "42"],
        ]
        return event.serialized()
    }

    @Test("in process: an API key, an access token, a session cookie are authorized with the principal in context")
    func inProcess() throws {
        let harness = try OTPHarness()
        let fixture = harness.fixture
        let application = try harness.application()
        let redis = RedisClient(configuration: application.configuration.redis)
        func respond(_ bytes: [UInt8]) throws -> JSONValue {
            let kind = EventInput.classify(bytes)
            guard case .authorizer = kind else { throw GatehouseError.invalidRequest("not an authorizer event") }
            return try #require(EventInput.answer(kind, application: application, redis: redis, requestID: RequestID.mint())).0
        }
        let (_, key) = try fixture.makeKey(scopes: "data:read data:write")
        let byKey = try respond(Self.event(headers: ["Authorization": "Bearer \(key.text)"]))
        #expect(byKey["isAuthorized"] == true)
        #expect(byKey["context"]?["tenant"] == .string(fixture.tenant) && byKey["context"]?["subject"] == "owner")
        #expect(byKey["context"]?["scopes"] == "data:read data:write")
        #expect(byKey["context"]?["subject_type"] == "user" && byKey["context"]?["credential_type"] == "api_key")
        #expect(byKey["context"]?["app_id"] == nil)

        _ = try fixture.store.createApp(tenant: fixture.tenant, id: "app_1", name: "One")
        let withApp = try respond(Self.event(headers: ["X-API-Key": key.text, "X-App-Id": "app_1"]))
        #expect(withApp["context"]?["app_id"] == "app_1")

        let signedIn = try harness.login(harness.viewerPhone)
        let cookie = try #require(signedIn.sessionCookie)
        let bySession = try respond(Self.event(headers: [:], cookies: [cookie]))
        #expect(bySession["isAuthorized"] == true && bySession["context"]?["subject"] == "phone-viewer")
        #expect(bySession["context"]?["credential_type"] == "session" && bySession["context"]?["scopes"] == "*:read")
        let token = try #require(signedIn.json["access_token"]?.stringValue)
        let byToken = try respond(Self.event(headers: ["authorization": "Bearer \(token)"]))
        #expect(byToken["isAuthorized"] == true && byToken["context"]?["credential_type"] == "access_token")

        let denied = try respond(Self.event(headers: ["X-API-Key": APIKey.generate().text]))
        #expect(
            denied == [
                "isAuthorized": false,
                "context": [
                    "status": 401, "error": "authentication_error",
                    "www_authenticate": "Bearer resource_metadata=\"https://gatehouse.test/.well-known/oauth-protected-resource\"",
                ],
            ])
        #expect(try respond(Self.event(headers: [:]))["isAuthorized"] == false)
        // An HTTP API v2 request event is not an authorizer event: it is served as HTTP.
        let http: JSONValue = [
            "version": "2.0", "rawPath": "/v1/verify", "headers": [:],
            "requestContext": ["http": ["method": "GET", "path": "/v1/verify"]],
        ]
        guard case .http = EventInput.classify(http.serialized()) else {
            Issue.record("an HTTP API v2 event was not classified as HTTP")
            return
        }
        #expect(!fixture.logs.text.contains(key.text) && !fixture.logs.text.contains(cookie.dropFirst(20)))
    }

    @Test("the verify executable answers an authorizer event on stdin with a simple response; HTTP events as before")
    func executable() throws {
        let fixture = try GatehouseFixture()
        let environment = fixture.processEnvironment()
        let allowed = try FunctionProcess.run(
            "verify", environment: environment,
            input: Self.event(headers: ["x-api-key": fixture.ownerKey.text], sourceIp: "192.0.2.45"))
        #expect(allowed.exitCode == 0, "\(allowed.stderr)")
        let answer = try JSONValue.parse(allowed.stdout)
        #expect(answer["isAuthorized"] == true, "\(answer) \(allowed.stderr)")
        #expect(answer["context"]?["tenant"] == .string(fixture.tenant))
        #expect(answer["context"]?["subject"] == "owner" && answer["context"]?["scopes"] == "*")
        #expect(answer["context"]?["key_id"] == .string(fixture.ownerKeyRecord.id))
        #expect(answer["statusCode"] == nil)
        #expect(!allowed.stderr.contains(fixture.ownerKey.text))

        let denied = try FunctionProcess.run(
            "verify", environment: environment,
            input: Self.event(headers: ["authorization": "Bearer not-a-token"], sourceIp: "192.0.2.46"))
        #expect(try JSONValue.parse(denied.stdout)["isAuthorized"] == false)

        let httpEvent: JSONValue = [
            "version": "2.0", "routeKey": "$default", "rawPath": "/v1/verify", "rawQueryString": "",
            "headers": ["x-api-key": .string(fixture.ownerKey.text)],
            "requestContext": ["http": ["method": "GET", "path": "/v1/verify", "sourceIp": "192.0.2.47"]],
        ]
        let http = try FunctionProcess.run("verify", environment: environment, input: httpEvent.serialized())
        let rendered = try JSONValue.parse(http.stdout)
        #expect(rendered["statusCode"] == 200, "\(rendered) \(http.stderr)")
        #expect(rendered["headers"]?["X-Auth-Tenant"] == .string(fixture.tenant))
    }

    @Test("Redis stopped: the authorizer refuses (fail closed), never authorizes")
    func redisStopped() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        server.stop()
        let output = try FunctionProcess.run(
            "verify", environment: fixture.processEnvironment(),
            input: Self.event(headers: ["x-api-key": fixture.ownerKey.text]))
        let answer = try JSONValue.parse(output.stdout)
        #expect(
            answer == ["isAuthorized": false, "context": ["status": 503, "error": "unavailable"]], "\(output.stderr)")
    }
}
