import Foundation
import GatehouseCore
import Testing

/// Broken input to the function executables: each gets a clear error response and the process
/// ends; none crashes or waits for input that never comes.
@Suite("bad input to the function executables")
struct BadInputTests {
    /// Runs `signin` and returns the parsed CGI response, the exit code and how long it took.
    func cgi(_ environment: [String: String], input: [UInt8]) throws -> (APIResponse, Int32, Double) {
        let started = Date()
        let output = try FunctionProcess.run("signin", environment: environment, input: input)
        let response = try #require(
            CGITransport.parseResponse(output.stdout), "\(String(decoding: output.stdout, as: UTF8.self))")
        return (response, output.exitCode, Date().timeIntervalSince(started))
    }

    func cgiEnvironment(_ fixture: GatehouseFixture, _ overrides: [String: String?]) -> [String: String] {
        var environment = CGITransport.environment(
            for: SigninRequest.seed004(tenant: fixture.tenant, key: fixture.ownerKey.text, userID: "viewer"),
            base: fixture.processEnvironment())
        for (name, value) in overrides { environment[name] = value }
        return environment
    }

    @Test("a CGI environment with no REQUEST_METHOD: 500 with a clear message")
    func noRequestMethod() throws {
        let fixture = try GatehouseFixture()
        let (response, exitCode, _) = try cgi(cgiEnvironment(fixture, ["REQUEST_METHOD": nil]), input: [])
        #expect(response.status == 500)
        #expect(response.errorCode == "internal_error")
        #expect(exitCode == 0)
    }

    @Test("CONTENT_LENGTH larger than the body: 400 at end of input, no waiting")
    func shortBody() throws {
        let fixture = try GatehouseFixture()
        let (response, _, seconds) = try cgi(
            cgiEnvironment(fixture, ["CONTENT_LENGTH": "500"]), input: Array(#"{"userId":"viewer"}"#.utf8))
        #expect(response.status == 400)
        #expect(response.json["error"]?["message"] == "The request body is shorter than CONTENT_LENGTH")
        #expect(seconds < 10)
    }

    @Test("a body over 64 KiB: 413, with CONTENT_LENGTH and chunked")
    func largeBody() throws {
        let fixture = try GatehouseFixture()
        let body = Array(repeating: UInt8(ascii: "a"), count: 70_000)
        let (declared, _, _) = try cgi(cgiEnvironment(fixture, ["CONTENT_LENGTH": "70000"]), input: body)
        #expect(declared.status == 413)
        #expect(declared.errorCode == "payload_too_large")
        let (chunked, _, _) = try cgi(
            cgiEnvironment(fixture, ["CONTENT_LENGTH": nil, "HTTP_TRANSFER_ENCODING": "chunked"]), input: body)
        #expect(chunked.status == 413)
    }

    @Test(
        "a malformed event on stdin: a 400 v2 response",
        arguments: ["{", "null", "[1,2]", #"{"requestContext":{"http":{"method":"GET"}},"headers":{"x":1}}"#, "\u{0}"])
    func malformedEvent(event: String) throws {
        let fixture = try GatehouseFixture()
        let output = try FunctionProcess.run(
            "signin", environment: fixture.processEnvironment(), input: Array(event.utf8))
        let response = try JSONValue.parse(output.stdout)
        #expect(response["statusCode"] == 400)
        #expect(try JSONValue.parse(try #require(response["body"]?.stringValue))["error"]?["code"] == "invalid_request")
    }

    @Test("a request refused before the application runs carries a request id that its log line carries too")
    func transportRefusalIsLogged() throws {
        let fixture = try GatehouseFixture()
        let event = try FunctionProcess.run("signin", environment: fixture.processEnvironment(), input: Array("{}".utf8))
        let response = try JSONValue.parse(event.stdout)
        #expect(response["statusCode"] == 400)
        let body = try #require(response["body"]?.stringValue)
        let id = try #require(try JSONValue.parse(body)["error"]?["request_id"]?.stringValue)
        #expect(response["headers"]?["X-Request-Id"] == .string(id))
        #expect(event.stderr.contains("request refused by the transport") && event.stderr.contains(id), "\(event.stderr)")
        let cgi = try FunctionProcess.run(
            "signin",
            environment: fixture.processEnvironment([
                "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "REQUEST_URI": "/v2.0/Auth/token-exchange",
                "CONTENT_LENGTH": "12x",
            ]))
        let text = String(decoding: cgi.stdout, as: UTF8.self)
        let cgiID = try #require(text.split(separator: "\r\n").first { $0.hasPrefix("X-Request-Id: ") }?.dropFirst(14))
        #expect(text.hasPrefix("Status: 400") && cgi.stderr.contains(String(cgiID)), "\(text) \(cgi.stderr)")
    }

    @Test("an event over 1 MiB: a 413 v2 response")
    func hugeEvent() throws {
        let fixture = try GatehouseFixture()
        let output = try FunctionProcess.run(
            "signin", environment: fixture.processEnvironment(), input: Array(repeating: 0x20, count: (1 << 20) + 10))
        #expect(try JSONValue.parse(output.stdout)["statusCode"] == 413)
    }
}

@Suite("the signin executable under the OpenFaaS classic watchdog's environment")
struct WatchdogProcessTests {
    /// The variables fwatchdog sets for a request (cgi_headers on), over the function's own.
    func environment(_ fixture: GatehouseFixture, key: String, body: String) -> [String: String] {
        fixture.processEnvironment([
            "Http_Method": "POST", "Http_Path": "/tenant/\(fixture.tenant)/v2.0/Auth/token-exchange",
            "Http_X_Api_Key": key, "Http_Content_Type": "application/json", "Http_Proxy": "http://127.0.0.1:9",
            "Http_ContentLength": String(body.utf8.count), "Http_Content_Length": String(body.utf8.count),
        ])
    }

    @Test("the body is the token; a refusal is the error envelope (the watchdog drops the status)")
    func watchdog() throws {
        let fixture = try GatehouseFixture()
        let body = #"{"userId":"viewer"}"#
        let output = try FunctionProcess.run(
            "signin", environment: environment(fixture, key: fixture.ownerKey.text, body: body), input: Array(body.utf8)
        )
        #expect(output.exitCode == 0)
        let json = try JSONValue.parse(output.stdout)
        #expect(json["token"]?.stringValue?.split(separator: ".").count == 3, "\(output.stderr.suffix(500))")

        let refused = try FunctionProcess.run(
            "signin", environment: environment(fixture, key: APIKey.generate().text, body: body),
            input: Array(body.utf8))
        #expect(try JSONValue.parse(refused.stdout)["error"]?["code"] == "authentication_error")
    }
}
