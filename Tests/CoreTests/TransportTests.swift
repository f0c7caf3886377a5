import GatehouseCore
import Testing

@Suite("CGI and event transports")
struct TransportTests {
    func cgiRequest(_ environment: [String: String], body: [UInt8] = []) throws -> APIRequest {
        try CGITransport.request(environment: environment) { count, limit in
            count.map { Array(body.prefix($0)) } ?? Array(body.prefix(limit + 1))
        }
    }

    let base = [
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST",
        "REQUEST_URI": "/v1/acme/user/signin_with_api_key?x=1",
        "QUERY_STRING": "x=1", "REMOTE_ADDR": "10.0.0.7",
    ]

    @Test("headers, path, query, body and peer come from the CGI environment")
    func cgiRequestFields() throws {
        var environment = base
        environment["HTTP_X_API_KEY"] = "k"
        environment["CONTENT_TYPE"] = "application/json"
        environment["CONTENT_LENGTH"] = "4"
        let request = try cgiRequest(environment, body: Array("body-and-more".utf8))
        #expect(request.method == "POST")
        #expect(request.path == "/v1/acme/user/signin_with_api_key")
        #expect(request.rawQuery == "x=1")
        #expect(request.headers["X-API-Key"] == "k")
        #expect(request.mediaType == "application/json")
        #expect(request.body == Array("body".utf8))
        #expect(request.remoteAddress == "10.0.0.7")
    }

    @Test("HTTP_PROXY is never read (httpoxy); REDIRECT_HTTP_AUTHORIZATION is")
    func cgiSpecialVariables() throws {
        var environment = base
        environment["HTTP_PROXY"] = "http://evil.example:8080"
        environment["REDIRECT_HTTP_AUTHORIZATION"] = "Bearer abc"
        let request = try cgiRequest(environment)
        #expect(request.headers["proxy"] == nil)
        #expect(request.headers["authorization"] == "Bearer abc")
    }

    @Test("SCRIPT_NAME is stripped from REQUEST_URI; PATH_INFO is the fallback")
    func cgiPath() throws {
        var mounted = base
        mounted["REQUEST_URI"] = "/cgi-bin/signin/v1/acme/user/signin_with_api_key"
        mounted["SCRIPT_NAME"] = "/cgi-bin/signin"
        #expect(try cgiRequest(mounted).path == "/v1/acme/user/signin_with_api_key")
        var info = base
        info["REQUEST_URI"] = nil
        info["PATH_INFO"] = "/.well-known/jwks.json"
        #expect(try cgiRequest(info).path == "/.well-known/jwks.json")
    }

    @Test(
        "bad CGI input gets a clear error",
        arguments: [
            (["REQUEST_METHOD": ""], 500), (["CONTENT_LENGTH": "12"], 400), (["CONTENT_LENGTH": "abc"], 400),
            (["CONTENT_LENGTH": "70000"], 413),
        ])
    func cgiBadInput(overrides: [String: String], status: Int) {
        var environment = base
        environment.merge(overrides) { _, new in new }
        let error = #expect(throws: GatehouseError.self) { try cgiRequest(environment, body: Array("short".utf8)) }
        #expect(error?.status == status)
    }

    @Test("a chunked body without CONTENT_LENGTH is read to its end")
    func chunkedBody() throws {
        var environment = base
        environment["HTTP_TRANSFER_ENCODING"] = "chunked"
        #expect(try cgiRequest(environment, body: Array("{}".utf8)).body == Array("{}".utf8))
    }

    @Test("the CGI response has a Status line, repeated headers and the body; it parses back")
    func cgiRender() throws {
        var headers = HeaderFields()
        headers.add("Set-Cookie", "a=1")
        headers.add("Set-Cookie", "b=2")
        let output = CGITransport.render(APIResponse(status: 429, headers: headers, body: Array("{}".utf8)))
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.hasPrefix("Status: 429 Too Many Requests\r\n"))
        let parsed = try #require(CGITransport.parseResponse(output))
        #expect(parsed.status == 429)
        #expect(parsed.headers.values("set-cookie") == ["a=1", "b=2"])
        #expect(parsed.body == Array("{}".utf8))
    }

    @Test("the CGI environment built for a request reads back as the same request")
    func cgiEnvironmentRoundTrip() throws {
        let request = APIRequest(
            method: "POST", path: "/oauth/token", rawQuery: "a=b",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "X-Api-Key": "k", "Proxy": "evil"],
            body: Array("x=y".utf8), remoteAddress: "127.0.0.9")
        let environment = CGITransport.environment(for: request)
        #expect(environment["HTTP_PROXY"] == nil)
        let back = try cgiRequest(environment, body: request.body)
        #expect(back.path == request.path && back.rawQuery == "a=b" && back.body == request.body)
        #expect(back.headers["x-api-key"] == "k" && back.remoteAddress == "127.0.0.9")
    }

    @Test("an API Gateway v2 event becomes a request; base64 bodies and cookies included")
    func eventRequest() throws {
        let event = #"""
            {"version":"2.0","rawPath":"/v2.0/Auth/token-exchange","rawQueryString":"a=1","cookies":["s=1","t=2"],
             "headers":{"x-api-key":"k","content-type":"application/json"},
             "requestContext":{"http":{"method":"POST","path":"/v2.0/Auth/token-exchange","sourceIp":"203.0.113.9"}},
             "body":"eyJ1c2VySWQiOiJ2In0=","isBase64Encoded":true}
            """#
        let request = try EventTransport.request(event: Array(event.utf8))
        #expect(request.method == "POST" && request.path == "/v2.0/Auth/token-exchange" && request.rawQuery == "a=1")
        #expect(request.body == Array(#"{"userId":"v"}"#.utf8))
        #expect(request.cookie(named: "t") == "2")
        #expect(request.remoteAddress == "203.0.113.9")
    }

    @Test(
        "malformed events are refused with 400",
        arguments: [
            "", "{", "[]", #"{"requestContext":{}}"#,
            #"{"requestContext":{"http":{"method":"GET"}},"headers":{"a":1}}"#,
            #"{"requestContext":{"http":{"method":"GET"}},"body":"%%%","isBase64Encoded":true}"#,
        ])
    func malformedEvents(text: String) {
        let error = #expect(throws: GatehouseError.self) { try EventTransport.request(event: Array(text.utf8)) }
        #expect(error?.status == 400)
    }

    @Test("the v2 response puts Set-Cookie in cookies and keeps the status")
    func eventRender() {
        var headers = HeaderFields()
        headers.add("Set-Cookie", "a=1")
        headers.add("Content-Type", "application/json")
        let rendered = EventTransport.render(APIResponse(status: 401, headers: headers, body: Array("{}".utf8)))
        #expect(rendered["statusCode"] == 401)
        #expect(rendered["cookies"] == ["a=1"])
        #expect(rendered["headers"]?["Content-Type"] == "application/json")
        #expect(rendered["body"] == "{}")
        #expect(rendered["isBase64Encoded"] == false)
    }

    @Test("transport detection follows SPEC §7")
    func detection() {
        #expect(
            FunctionMain.TransportKind.detect([
                "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "GATEWAY_INTERFACE": "CGI/1.1",
            ]) == .lambda)
        #expect(FunctionMain.TransportKind.detect(["GATEWAY_INTERFACE": "CGI/1.1"]) == .cgi)
        #expect(FunctionMain.TransportKind.detect(["Http_Method": "POST"]) == .watchdog)
        #expect(FunctionMain.TransportKind.detect([:]) == .event)
        #expect(
            FunctionMain.TransportKind.detect(["GATEHOUSE_TRANSPORT": "event", "GATEWAY_INTERFACE": "CGI/1.1"])
                == .event)
    }
}
