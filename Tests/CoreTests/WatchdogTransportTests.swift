import GatehouseCore
import Testing

@Suite("the OpenFaaS classic watchdog transport")
struct WatchdogTransportTests {
    func request(_ environment: [String: String], body: [UInt8] = []) throws -> APIRequest {
        try WatchdogTransport.request(environment: environment) { count, limit in
            count.map { Array(body.prefix($0)) } ?? Array(body.prefix(limit + 1))
        }
    }

    /// What fwatchdog sets for `POST /v1/acme/user/signin_with_api_key?x=1` with three headers.
    let base = [
        "Http_Method": "POST", "Http_Path": "/v1/acme/user/signin_with_api_key", "Http_Query": "x=1",
        "Http_X_Api_Key": "ak_live_x", "Http_X_User_Id": "viewer", "Http_Content_Type": "application/json",
        "Http_User_Agent": "curl/8", "Http_ContentLength": "4", "Http_Content_Length": "4",
    ]

    @Test("method, path, query, headers and body come from the Http_ variables and stdin")
    func fields() throws {
        let request = try request(base, body: Array("body and more".utf8))
        #expect(request.method == "POST")
        #expect(request.path == "/v1/acme/user/signin_with_api_key")
        #expect(request.rawQuery == "x=1")
        #expect(request.headers["x-api-key"] == "ak_live_x")
        #expect(request.headers["X-User-Id"] == "viewer")
        #expect(request.mediaType == "application/json")
        #expect(request.body == Array("body".utf8))
        #expect(request.headers["method"] == nil && request.headers["path"] == nil && request.headers["query"] == nil)
        #expect(request.headers["contentlength"] == nil)
    }

    @Test("a Proxy header (Http_Proxy) is never read (httpoxy)")
    func httpoxy() throws {
        var environment = base
        environment["Http_Proxy"] = "http://attacker.invalid:3128"
        #expect(try request(environment, body: Array("body".utf8)).headers["proxy"] == nil)
        // In any case (FuzzWatchdogRequest found `Http_proxy` reaching the request as a proxy header).
        for name in ["Http_proxy", "Http_PROXY", "Http_pRoXy"] {
            var other = base
            other[name] = "http://attacker.invalid:3128"
            #expect(try request(other, body: Array("body".utf8)).headers["proxy"] == nil, "\(name)")
        }
    }

    @Test("an unknown length (-1, chunked) reads standard input to its end")
    func unknownLength() throws {
        var environment = base
        environment["Http_Content_Length"] = "-1"
        environment["Http_ContentLength"] = "-1"
        environment["Http_Transfer_Encoding"] = "chunked"
        let request = try request(environment, body: Array(#"{"userId":"u"}"#.utf8))
        #expect(request.body.count == 14)
        #expect(request.headers["transfer-encoding"] == nil)
    }

    @Test(
        "bad watchdog input gets a clear error",
        arguments: [
            (["Http_Method": ""], 0, 500), (["Http_Content_Length": "12"], 4, 400),
            (["Http_Content_Length": "70000"], 0, 413), (["Http_Content_Length": "-1"], 70_000, 413),
        ])
    func badInput(overrides: [String: String], bodySize: Int, status: Int) {
        var environment = base
        environment.merge(overrides) { _, new in new }
        #expect(throws: GatehouseError.self) { try request(environment, body: Array(repeating: 0x61, count: bodySize)) }
        do {
            _ = try request(environment, body: Array(repeating: 0x61, count: bodySize))
        } catch let error as GatehouseError {
            #expect(error.status == status)
        } catch {}
    }

    @Test("the output is the body only: the classic watchdog keeps no status or header")
    func render() {
        let response = APIResponse(status: 401, headers: ["WWW-Authenticate": "Bearer"], body: Array("{}".utf8))
        #expect(WatchdogTransport.render(response) == Array("{}".utf8))
    }
}
