import GatehouseCore
import Testing

@Suite("the Lambda REQUEST authorizer adapter of the verify function")
struct VerifyAuthorizerEventTests {
    /// The example of the API Gateway documentation ("Working with AWS Lambda authorizers for HTTP
    /// APIs", payload format version 2.0), with our credential headers.
    static func authorizerEvent(headers: JSONObject, cookies: [String] = []) -> JSONValue {
        [
            "version": "2.0", "type": "REQUEST",
            "routeArn": "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request",
            "identitySource": ["user1", "123"], "routeKey": "GET /request", "rawPath": "/request",
            "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
            "cookies": .array(cookies.map { .string($0) }), "headers": .object(headers),
            "queryStringParameters": ["parameter1": "value1,value2", "parameter2": "value"],
            "requestContext": [
                "accountId": "123456789012", "apiId": "api-id",
                "authentication": ["clientCert": ["clientCertPem": "CERT_CONTENT", "subjectDN": "www.example.com"]],
                "domainName": "id.execute-api.us-east-1.amazonaws.com", "domainPrefix": "id",
                "http": [
                    "method": "POST", "path": "/request", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9",
                    "userAgent": "agent",
                ],
                "requestId": "id", "routeKey": "GET /request", "stage": "$default",
                "time": "12/Mar/2020:19:03:58 +0000", "timeEpoch": 1_583_348_638_390,
            ],
            "pathParameters": ["parameter1": "value1"], "stageVariables": ["stageVariable1": "value1"],
        ]
    }

    @Test("authorizer events are told apart from HTTP API v2 request events")
    func detection() throws {
        #expect(VerifyAuthorizer.isAuthorizerEvent(Self.authorizerEvent(headers: [:])))
        let httpEvent: JSONValue = [
            "version": "2.0", "routeKey": "$default", "rawPath": "/v1/verify", "rawQueryString": "",
            "headers": ["x-api-key": "ak_live_x"],
            "requestContext": ["http": ["method": "GET", "path": "/v1/verify", "sourceIp": "203.0.113.9"]],
        ]
        #expect(!VerifyAuthorizer.isAuthorizerEvent(httpEvent))
        // Payload format 1.0 (REST-style) is not answered with simple responses.
        #expect(!VerifyAuthorizer.isAuthorizerEvent(["version": "1.0", "type": "REQUEST", "methodArn": "arn:x"]))
        #expect(!VerifyAuthorizer.isAuthorizerEvent(["version": "2.0", "type": "TOKEN", "routeArn": "arn:x"]))
        #expect(!VerifyAuthorizer.isAuthorizerEvent(.array([])))
    }

    @Test("the event becomes GET /v1/verify with its headers, cookies and source IP; not its query or body")
    func request() throws {
        let event = Self.authorizerEvent(
            headers: ["authorization": "Bearer x.y.z", "x-app-id": "app_a"], cookies: ["amrood_session=ghs_a.b", "c=d"])
        let request = try VerifyAuthorizer.request(fromEvent: event)
        #expect(request.method == "GET" && request.path == "/v1/verify" && request.rawQuery.isEmpty)
        #expect(request.body.isEmpty)
        #expect(request.headers["authorization"] == "Bearer x.y.z" && request.headers["x-app-id"] == "app_a")
        #expect(request.cookie(named: "amrood_session") == "ghs_a.b")
        #expect(request.remoteAddress == "203.0.113.9")
        #expect(throws: GatehouseError.self) {
            try VerifyAuthorizer.request(fromEvent: ["version": "2.0", "type": "REQUEST", "routeArn": "arn:x"])
        }
    }

    @Test("simple responses: the principal in context on 200, a refusal with the status otherwise")
    func simpleResponses() {
        let principal = Principal(
            tenantID: "acme", subject: "ana", subjectType: .user, appID: "app_a", credentialType: .apiKey,
            keyID: "key_1", effectiveScopes: ScopeSet(parsing: "data:read data:write")!)
        let allowed = VerifyAuthorizer.simpleResponse(for: .json(200, .object(principal.json)))
        #expect(allowed["isAuthorized"] == true)
        #expect(
            allowed["context"]
                == [
                    "tenant": "acme", "subject": "ana", "subject_type": "user", "scopes": "data:read data:write",
                    "credential_type": "api_key", "is_test": false, "legacy_mode": false, "app_id": "app_a",
                    "key_id": "key_1",
                ])
        let denied = VerifyAuthorizer.simpleResponse(
            for: ErrorEnvelope.response(for: .authentication(), requestID: "req_1"))
        #expect(denied == ["isAuthorized": false, "context": ["status": 401, "error": "authentication_error"]])
        let unavailable = VerifyAuthorizer.simpleResponse(
            for: ErrorEnvelope.response(for: .unavailable(), requestID: "req_1"))
        #expect(unavailable["isAuthorized"] == false && unavailable["context"]?["status"] == 503)
        #expect(VerifyAuthorizer.simpleResponse(for: .json(200, ["unexpected": true]))["isAuthorized"] == false)
    }
}
