import Foundation
import GatehouseCore
import Testing

/// The function executables as CGI programs behind real web servers, configured by the files in
/// `infra/cgi/`. Each test starts its own Redis (TCP: Apache runs CGI programs as www-data, which
/// cannot open a root-only socket) and its own server, and stops both.
@Suite("CGI behind lighttpd, Apache httpd and nginx + fcgiwrap", .serialized)
struct CGIServerTests {
    /// A server, a Redis and a tenant in it, for one test.
    struct Stack {
        let redis: RedisTestServer
        let fixture: GatehouseFixture
        let server: WebServer

        init(_ kind: WebServer.Kind) throws {
            redis = try RedisTestServer(tcp: true)
            fixture = try GatehouseFixture(redisURL: redis.tcpURL!)
            server = try WebServer(kind, redisURL: redis.tcpURL!)
        }

        func stop() {
            server.stop()
            redis.stop()
        }

        /// The claims of a token Gatehouse issued in this stack.
        func claims(_ token: String?) throws -> JSONObject {
            let configuration = try fixture.configuration()
            return try JWTVerifier(
                keys: configuration.signingKeys!, issuer: "https://gatehouse.test", audience: "gatehouse-tests"
            ).verify(try #require(token), now: SystemAccess.currentTimeMilliseconds() / 1000)
        }
    }

    @Test(
        "sign-in with Authorization, with X-API-Key, and with the seed 000 headers", arguments: WebServer.Kind.allCases)
    func signinShapes(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        let org = stack.fixture.tenant
        let key = stack.fixture.ownerKey.text

        let bearer = try stack.server.send(
            "POST", "/v1/\(org)/user/signin_with_api_key",
            headers: ["Authorization: Bearer \(key)", "x-user-id: viewer"])
        #expect(bearer.status == 200, "\(bearer.body) \(stack.server.errorLog())")
        #expect(try stack.claims(bearer.json["jwt"]?.stringValue)["sub"] == "viewer")

        let exchange = try stack.server.send(
            "POST", "/tenant/\(org)/v2.0/Auth/token-exchange",
            headers: ["X-API-Key: \(key)", "Content-Type: application/json"], body: #"{"userId":"editor"}"#)
        #expect(exchange.status == 200, "\(exchange.body)")
        #expect(try stack.claims(exchange.json["token"]?.stringValue)["sub"] == "editor")

        let seed000 = try stack.server.send(
            "POST", "/v1/\(org)/user/signin_with_api_key",
            headers: ["x-api-key: \(key)", "x-api-key-id: \(stack.fixture.ownerKeyRecord.id)", "x-user-id: admin"])
        #expect(seed000.status == 200, "\(seed000.body)")
        #expect(try stack.claims(seed000.json["id_token"]?.stringValue)["sub"] == "admin")

        let jwks = try stack.server.send("GET", "/.well-known/jwks.json")
        #expect(jwks.json["keys"]?.arrayValue?.count == 3, "\(jwks.body)")
    }

    @Test(
        "every function is reached at its public paths (the routing table of infra/cgi)",
        arguments: WebServer.Kind.allCases)
    func everyFunction(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        let bearer = "Authorization: Bearer \(stack.fixture.ownerKey.text)"
        let verify = try stack.server.send("GET", "/v1/verify", headers: [bearer])
        #expect(verify.status == 200, "verify: \(verify.body)")
        let keys = try stack.server.send("GET", "/v1/api_keys", headers: [bearer])
        #expect(keys.status == 200, "keys: \(keys.body)")
        // The others answer whatever their rules say; what matters here is that a function that has
        // the route answered (not 404/405 from another function).
        let others: [(String, String, [String], String?)] = [
            ("GET", "/v1/tenants/\(stack.fixture.tenant)/api_keys", [bearer], nil),
            (
                "POST", "/v1/api_keys/\(stack.fixture.ownerKeyRecord.id)/rotate",
                [bearer, "Content-Type: application/json"], "{}"
            ),
            ("POST", "/v1/auth/send-otp", ["Content-Type: application/json"], #"{"phone":"+15555550100"}"#),
            ("POST", "/v1/auth/refresh", ["Content-Type: application/json"], #"{"refresh_token":"rt_unknown"}"#),
            ("GET", "/v1/proof", [bearer], nil),
            ("POST", "/oauth/introspect", ["Content-Type: application/x-www-form-urlencoded"], "token=x"),
            ("GET", "/v1/audit", [bearer], nil),
            ("GET", "/v1/agents", [bearer], nil),
            ("GET", "/tenant/\(stack.fixture.tenant)/api/v2.0/Users", [bearer], nil),
        ]
        for (method, path, headers, body) in others {
            let reply = try stack.server.send(method, path, headers: headers, body: body)
            #expect(![404, 405].contains(reply.status), "\(method) \(path) → \(reply.status) \(reply.body)")
            #expect(reply.json["error"]?["code"] != "not_found" || reply.status != 404)
        }
    }

    @Test(
        "every route of the catalog, query string and all, is answered by the function that owns it",
        arguments: WebServer.Kind.allCases)
    func everyCatalogRoute(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        for route in RouteCatalog.routes {
            try CatalogRequests.expectOwnerAnswers(
                route, base: stack.server.base, fixture: stack.fixture, query: "?probe=1",
                context: stack.server.errorLog())
        }
    }

    @Test("a POST body is read by its length, and a chunked body arrives whole", arguments: WebServer.Kind.allCases)
    func bodies(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        let key = stack.fixture.ownerKey.text
        let form = FormURLEncoded.encode([
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token", key),
            ("subject_token_type", "urn:gatehouse:token-type:api-key"), ("requested_subject", "viewer"),
        ])
        let token = try stack.server.send(
            "POST", "/oauth/token", headers: ["Content-Type: application/x-www-form-urlencoded"], body: form)
        #expect(token.status == 200, "\(token.body)")
        #expect(try stack.claims(token.json["access_token"]?.stringValue)["sub"] == "viewer")

        // Apache (mod_cgid) passes a chunked body with no CONTENT_LENGTH; the others de-chunk it.
        let chunked = try stack.server.send(
            "POST", "/tenant/\(stack.fixture.tenant)/v2.0/Auth/token-exchange",
            headers: ["X-API-Key: \(key)", "Content-Type: application/json"], body: #"{"userId":"viewer"}"#,
            chunked: true)
        #expect(chunked.status == 200, "\(chunked.body) \(stack.server.errorLog())")
        #expect(try stack.claims(chunked.json["token"]?.stringValue)["sub"] == "viewer")

        let tooLarge = try stack.server.send(
            "POST", "/v2.0/Auth/token-exchange", headers: ["X-API-Key: \(key)", "Content-Type: application/json"],
            body: #"{"userId":""# + String(repeating: "a", count: 70_000) + #""}"#)
        #expect(tooLarge.status == 413, "\(tooLarge.body)")
    }

    @Test("a Proxy request header never becomes an outbound proxy (httpoxy)", arguments: WebServer.Kind.allCases)
    func httpoxy(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        let trap = try ConnectionCounter()
        let reply = try stack.server.send(
            "POST", "/v1/\(stack.fixture.tenant)/user/signin_with_api_key",
            headers: [
                "x-api-key: \(stack.fixture.ownerKey.text)", "x-user-id: viewer",
                "Proxy: http://127.0.0.1:\(trap.port)",
            ])
        #expect(reply.status == 200, "\(reply.body)")
        #expect(!trap.wasContacted)
    }

    @Test(
        "CR/LF smuggled into a reflected value is refused, and no header is injected",
        arguments: WebServer.Kind.allCases)
    func headerInjection(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        let reply = try stack.server.send(
            "POST", "/v1/acme%0D%0ASet-Cookie:%20injected=1/user/signin_with_api_key",
            headers: ["x-api-key: \(stack.fixture.ownerKey.text)", "x-user-id: viewer"])
        #expect((400..<500).contains(reply.status), "\(reply.status) \(reply.body)")
        #expect(reply.headers["Set-Cookie"] == nil)
        #expect(!reply.body.contains("\r\n"))
        // lighttpd refuses control characters in the path itself (400); the others pass it on (404).
        let unknown = try stack.server.send("GET", "/nowhere%0D%0AX-Injected:%201")
        #expect(unknown.status == (kind == .lighttpd ? 400 : 404))
        #expect(unknown.headers["X-Injected"] == nil)
    }

    @Test("error responses keep their status through the server: 401, 429, 503", arguments: WebServer.Kind.allCases)
    func errorStatuses(kind: WebServer.Kind) throws {
        let stack = try Stack(kind)
        defer { stack.stop() }
        let path = "/v1/\(stack.fixture.tenant)/user/signin_with_api_key"
        let wrong = try stack.server.send(
            "POST", path, headers: ["x-api-key: \(APIKey.generate().text)", "x-user-id: viewer"])
        #expect(wrong.status == 401)
        #expect(wrong.json["error"]?["code"] == "authentication_error")

        let good = ["x-api-key: \(stack.fixture.ownerKey.text)", "x-user-id: viewer"]
        let statuses = try (1...6).map { _ in try stack.server.send("POST", path, headers: good) }
        #expect(statuses.map(\.status) == [200, 200, 200, 200, 200, 429])
        #expect(statuses.last?.headers["Retry-After"] != nil)
        #expect(statuses.last?.headers["RateLimit-Limit"] == "5")

        stack.redis.stop()
        let down = try stack.server.send("GET", "/v2.0/Auth/token-exchange")
        #expect(down.status == 405)
        let unavailable = try stack.server.send("POST", path, headers: good)
        #expect(unavailable.status == 503, "\(unavailable.body)")
        #expect(unavailable.headers["Retry-After"] != nil)
        #expect(unavailable.json["error"]?["code"] == "unavailable")
    }

    @Test(
        "a code sent by a CGI program arrives and signs in: the web server does not end the delivery after the answer",
        arguments: WebServer.Kind.allCases)
    func otpDeliveryOutlivesTheAnswer(kind: WebServer.Kind) throws {
        let redis = try RedisTestServer(tcp: true)
        defer { redis.stop() }
        let fixture = try GatehouseFixture(redisURL: redis.tcpURL!)
        let receiver = try DeliveryReceiver()
        let server = try WebServer(kind, redisURL: redis.tcpURL!, otpWebhookURL: receiver.url())
        defer { server.stop() }
        let phone = OTPHarness.randomPhone()
        _ = try fixture.store.createUser(tenant: fixture.tenant, id: "phone-user", role: .viewer, phone: phone)

        let sent = try server.send(
            "POST", "/v1/auth/send-otp", headers: ["Content-Type: application/json"], body: #"{"phone":"\#(phone)"}"#)
        #expect(sent.status == 200, "\(sent.body)")
        var code: String?
        for _ in 0..<400 where code == nil {
            code = receiver.lastCode(for: phone)
            if code == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let delivered = try #require(code, "no code delivered within 20 s behind \(kind): \(server.errorLog())")
        let verified = try server.send(
            "POST", "/v1/auth/verify-otp", headers: ["Content-Type: application/json"],
            body: #"{"phone":"\#(phone)","code":"\#(delivered)"}"#)
        #expect(verified.status == 200, "\(verified.body)")
        #expect(verified.json["refresh_token"]?.stringValue?.hasPrefix("ghr_") == true)
    }
}
