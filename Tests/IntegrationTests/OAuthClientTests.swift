import Crypto
import Foundation
import GatehouseCore
import Testing

/// One answer of curl against gatehouse-server.
struct CurlAnswer {
    let status: Int
    /// Header names in lower case.
    let headers: [String: String]
    let body: String
    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }

    /// Runs curl with these arguments (`-s -i` added) and parses what it printed.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CurlAnswer {
        let (_, output) = try runTool("/usr/bin/curl", ["-s", "-i"] + arguments, environment: environment)
        return parse(output)
    }

    static func parse(_ output: String) -> CurlAnswer {
        let parts = output.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let lines = head.components(separatedBy: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return CurlAnswer(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// A JSON POST to `/oauth/register`.
    static func register(_ base: String, _ body: String, headers: [String: String] = [:]) throws -> CurlAnswer {
        var arguments = ["-X", "POST", base + "/oauth/register", "-H", "Content-Type: application/json"]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        return try run(arguments + ["--data-binary", body])
    }
}

/// `/oauth/register`, `GET/DELETE /v1/oauth_clients` and `gatehouse oauth-client` through
/// gatehouse-server (curl), the `oauth` executable as CGI and the CLI, each test against its own
/// redis-server so that key counts and the per-address limit are its own.
@Suite("OAuth clients: registration, limits, listing and deletion through real transports")
struct OAuthClientTests {
    static let registration = #"""
        curl -s -X POST "https://app.amdahl.co/oauth/register" \
        -H "Content-Type: application/json" \
        -d '{
        "client_name": "My desktop integration",
        "redirect_uris": ["https://myapp.example/oauth/callback"]
        }'
        """#
    static let deletion = #"""
        curl -s -X DELETE "$AMDAHL_BASE/oauth_clients/$CLIENT_ID" \
        -H "Authorization: Bearer $AMDAHL_KEY"
        """#
    static let publicClient =
        #"{"client_name":"Claude Code","redirect_uris":["http://localhost/callback"],"#
        + #""token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],"response_types":["code"]}"#

    /// A private Redis and a tenant fixture on it.
    static func setUp() throws -> (RedisTestServer, GatehouseFixture, RedisClient) {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        return (redis, fixture, try redis.client())
    }

    /// A hash as a dictionary.
    static func hash(_ key: String, _ redis: RedisClient) throws -> [String: String] {
        let items = try redis.command(["HGETALL", .string(key)]).arrayValue?.compactMap(\.stringValue) ?? []
        return Dictionary(
            stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) }) { first, _ in first }
    }

    static func keyCount(_ redis: RedisClient) throws -> Int64 {
        try redis.command(["DBSIZE"]).integerValue ?? -1
    }

    @Test("seed 003's registration curl, verbatim: 201, mcp_ id, a secret shown once and stored only as SHA-256")
    func seed003Registration() throws {
        let seed = try SeedCurlExamplesTests.seed("003")
        #expect(seed.contains(Self.registration), "not verbatim in seed 003")
        let (server, fixture, redis) = try Self.setUp()
        defer { _ = server }
        try ServerTests().withServer([], fixture: fixture) { base in
            let command = Self.registration.replacingOccurrences(of: "https://app.amdahl.co", with: base)
                .replacingOccurrences(of: "curl -s", with: "curl -s -i")
            let (_, output) = try runTool("/bin/bash", ["-c", command])
            let answer = CurlAnswer.parse(output)
            #expect(answer.status == 201, "\(answer.body)")
            #expect(answer.headers["cache-control"] == "no-store")
            #expect(answer.headers["access-control-allow-origin"] == "*")
            let id = try #require(answer.json["client_id"]?.stringValue)
            #expect(id.hasPrefix("mcp_") && id.count == 28)
            #expect(answer.json["redirect_uris"] == ["https://myapp.example/oauth/callback"])
            #expect(answer.json["client_name"] == "My desktop integration")
            #expect(answer.json["token_endpoint_auth_method"] == "client_secret_basic")
            #expect(answer.json["client_secret_expires_at"] == 0)
            let secret = try #require(answer.json["client_secret"]?.stringValue)
            let record = try Self.hash(OAuthClientStore.recordKey(id), redis)
            #expect(record["secret_hash"] == Hex.encode(SHA256.hash(data: Array(secret.utf8))))
            #expect(!record.values.contains { $0.contains(secret) })
            #expect(record["origin"] == "dynamic" && record["tenant"] == "")
            // An openly registered client expires unless a login completes.
            let ttl = try redis.command(["TTL", .string(OAuthClientStore.recordKey(id))]).integerValue ?? -1
            #expect(ttl > 86_000 && ttl <= 86_400, "TTL \(ttl)")
            try OAuthClientStore.recordGrant(clientID: id, tenant: fixture.tenant, redis: redis)
            #expect(try redis.command(["TTL", .string(OAuthClientStore.recordKey(id))]).integerValue == -1)
        }
    }

    @Test("a public MCP client gets token_endpoint_auth_method none explicitly and no secret")
    func publicClientRegistration() throws {
        let (server, fixture, _) = try Self.setUp()
        defer { _ = server }
        try ServerTests().withServer([], fixture: fixture) { base in
            let answer = try CurlAnswer.register(base, Self.publicClient)
            #expect(answer.status == 201, "\(answer.body)")
            #expect(answer.json["token_endpoint_auth_method"] == "none")
            #expect(answer.json["client_secret"] == nil)
            #expect(answer.json["grant_types"] == ["authorization_code", "refresh_token"])
            // A browser-based client's preflight (MCP Inspector).
            let preflight = try CurlAnswer.run([
                "-X", "OPTIONS", base + "/oauth/register", "-H", "Origin: http://localhost:6274",
                "-H", "Access-Control-Request-Method: POST",
            ])
            #expect(preflight.status == 204 && preflight.headers["access-control-allow-origin"] == "*")
        }
    }

    @Test("registration limits: per-address hourly count, 10 redirect URIs, 512 bytes each, 8 KiB metadata, 64 KiB body")
    func registrationLimits() throws {
        let (server, fixture, _) = try Self.setUp()
        defer { _ = server }
        try ServerTests().withServer(
            [], fixture: fixture, environment: ["GATEHOUSE_OAUTH_REGISTRATIONS_PER_HOUR": "3"]
        ) { base in
            let eleven = (0...10).map { #""https://a.example/\#($0)""# }.joined(separator: ",")
            let tooMany = try CurlAnswer.register(base, #"{"redirect_uris":[\#(eleven)]}"#)
            #expect(tooMany.status == 400 && tooMany.json["error"] == "invalid_redirect_uri", "\(tooMany.body)")
            let long = try CurlAnswer.register(
                base, #"{"redirect_uris":["https://a.example/\#(String(repeating: "p", count: 500))"]}"#)
            #expect(long.status == 400 && long.json["error"] == "invalid_redirect_uri")
            let padding = String(repeating: "x", count: 8 * 1024)
            let big = try CurlAnswer.register(
                base, #"{"redirect_uris":["https://a.example/cb"],"software_statement":"\#(padding)"}"#)
            #expect(big.status == 400 && big.json["error"] == "invalid_client_metadata", "\(big.body)")
            #expect(big.headers["cache-control"] == "no-store")
            let huge = try CurlAnswer.register(base, String(repeating: " ", count: 70 * 1024))
            #expect(huge.status == 413)
            // Refused registrations were not counted: three pass, the fourth is 429.
            for _ in 0..<3 { #expect(try CurlAnswer.register(base, Self.publicClient).status == 201) }
            let limited = try CurlAnswer.register(base, Self.publicClient)
            #expect(limited.status == 429, "\(limited.body)")
            #expect(limited.json["error"] == "slow_down")
            #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 > 3000)
            // A tenant member's registration is not an open one: it is not counted.
            let vouched = try CurlAnswer.register(
                base, Self.publicClient, headers: ["Authorization": "Bearer \(fixture.ownerKey.text)"])
            #expect(vouched.status == 201, "\(vouched.body)")
        }
    }

    @Test(
        "bad metadata: its RFC 7591 error, no-store, and nothing written to Redis",
        arguments: [
            (#"{"client_name":"x"}"#, "invalid_redirect_uri"),
            (#"{"redirect_uris":["javascript:alert(1)"]}"#, "invalid_redirect_uri"),
            (#"{"redirect_uris":["https://good.example/cb#x"]}"#, "invalid_redirect_uri"),
            (#"{"redirect_uris":["https://a.example/cb"],"grant_types":["implicit"]}"#, "invalid_client_metadata"),
            (#"{"redirect_uris":["https://a.example/cb"],"response_types":["token"]}"#, "invalid_client_metadata"),
            (#"{"redirect_uris":["https://a.example/cb"],"scope":"***"}"#, "invalid_client_metadata"),
            (#"{"redirect_uris":["https://a.example/cb"],"application_type":"tv"}"#, "invalid_client_metadata"),
            (#"{"redirect_uris":["https://a.example/cb"],"client_name":"a\nb"}"#, "invalid_client_metadata"),
            (#"{"redirect_uris":"#, "invalid_client_metadata"),
        ])
    func badMetadata(body: String, error: String) throws {
        let (server, fixture, redis) = try Self.setUp()
        defer { _ = server }
        try ServerTests().withServer([], fixture: fixture) { base in
            let before = try Self.keyCount(redis)
            let answer = try CurlAnswer.register(base, body)
            #expect(answer.status == 400, "\(answer.body)")
            #expect(answer.json["error"]?.stringValue == error, "\(answer.body)")
            #expect(answer.json["error_description"]?.stringValue?.isEmpty == false)
            #expect(answer.headers["cache-control"] == "no-store")
            #expect(try Self.keyCount(redis) == before, "a refused registration wrote to Redis")
        }
    }

    @Test("closed registration: 403 access_denied without a credential; a member with keys:manage pre-registers")
    func closedMode() throws {
        let (server, fixture, redis) = try Self.setUp()
        defer { _ = server }
        try ServerTests().withServer([], fixture: fixture, environment: ["GATEHOUSE_OAUTH_REGISTRATION": "closed"]) {
            base in
            let before = try Self.keyCount(redis)
            let refused = try CurlAnswer.register(base, Self.publicClient)
            #expect(refused.status == 403, "\(refused.body)")
            #expect(refused.json["error"] == "access_denied" && refused.json["error_description"] != nil)
            #expect(try Self.keyCount(redis) == before)
            let (_, viewerKey) = try fixture.makeKey(by: "viewer", scopes: "data:read")
            let weak = try CurlAnswer.register(base, Self.publicClient, headers: ["X-API-Key": viewerKey.text])
            #expect(weak.status == 403 && weak.json["error"] == "insufficient_scope", "\(weak.body)")
            let wrong = try CurlAnswer.register(
                base, Self.publicClient, headers: ["Authorization": "Bearer ak_live_notarealkeyatall000000000000000000"])
            #expect(wrong.status == 401 && wrong.json["error"] == "invalid_token", "\(wrong.body)")
            #expect(wrong.headers["www-authenticate"] == #"Bearer error="invalid_token""#, "RFC 6750 §3 challenge")

            let made = try CurlAnswer.register(
                base, Self.publicClient, headers: ["Authorization": "Bearer \(fixture.ownerKey.text)"])
            #expect(made.status == 201, "\(made.body)")
            let id = try #require(made.json["client_id"]?.stringValue)
            let record = try Self.hash(OAuthClientStore.recordKey(id), redis)
            #expect(record["origin"] == "pre_registered" && record["tenant"] == .some(fixture.tenant))
            #expect(try redis.command(["TTL", .string(OAuthClientStore.recordKey(id))]).integerValue == -1)
            let registered = try redis.command([
                "SISMEMBER", .string(OAuthClientStore.registeredKey(tenant: fixture.tenant)), .string(id),
            ])
            #expect(registered.integerValue == 1)
            // The member's registration (and the refused viewer's) are in the tenant's audit stream.
            let records = try redis.command(["XRANGE", .string(AuditLog.stream(for: fixture.tenant)), "-", "+"])
            let routes = (records.arrayValue ?? []).compactMap { entry -> (String, String)? in
                let fields = entry.arrayValue?.last?.arrayValue?.compactMap(\.stringValue) ?? []
                let map = Dictionary(
                    stride(from: 0, to: fields.count - 1, by: 2).map { (fields[$0], fields[$0 + 1]) }) { a, _ in a }
                guard map["route"] == "/oauth/register" else { return nil }
                return (map["status"] ?? "", map["subject"] ?? "")
            }
            #expect(routes.contains { $0 == ("201", "owner") } && routes.contains { $0 == ("403", "viewer") }, "\(routes)")
        }
    }

    @Test("the oauth executable as CGI registers a client too")
    func cgiRegistration() throws {
        let (server, fixture, _) = try Self.setUp()
        defer { _ = server }
        let request = APIRequest(
            method: "POST", path: "/oauth/register", headers: ["Content-Type": "application/json"],
            body: Array(Self.publicClient.utf8))
        let (response, stderr) = try FunctionProcess.cgi("oauth", request, configuration: fixture.processEnvironment())
        #expect(response.status == 201, "\(stderr)")
        #expect(response.json["token_endpoint_auth_method"] == "none")
    }

    /// A client registered by `owner` with a grant in `other` and a consent in each.
    static func clientWithGrants(
        base: String, owner: GatehouseFixture, other: GatehouseFixture, redis: RedisClient, vouched: Bool
    ) throws -> String {
        let headers = vouched ? ["Authorization": "Bearer \(owner.ownerKey.text)"] : [:]
        let made = try CurlAnswer.register(base, Self.publicClient, headers: headers)
        let id = try #require(made.json["client_id"]?.stringValue, "\(made.body)")
        for tenant in [owner.tenant, other.tenant] {
            try OAuthClientStore.recordGrant(clientID: id, tenant: tenant, redis: redis)
            _ = try redis.command([
                "HSET", .string(OAuthClientStore.consentKey(tenant: tenant, client: id)), "owner", "data:read",
            ])
        }
        return id
    }

    @Test("DELETE by the registering tenant ends the client in every tenant (seed 003's curl); another tenant gets 404")
    func deletion() throws {
        let (server, fixture, redis) = try Self.setUp()
        defer { _ = server }
        let other = try GatehouseFixture(redisURL: server.url)
        try ServerTests().withServer([], fixture: fixture) { base in
            #expect(try SeedCurlExamplesTests.seed("003").contains(Self.deletion))
            let id = try Self.clientWithGrants(base: base, owner: fixture, other: other, redis: redis, vouched: true)
            let listed = try CurlAnswer.run([base + "/v1/oauth_clients", "-H", "X-API-Key: \(other.ownerKey.text)"])
            #expect(listed.status == 200)
            let entry = try #require(listed.json["data"]?.arrayValue?.first { $0["client_id"] == .string(id) })
            #expect(entry["registered_by_tenant"] == false && entry["holds_grants"] == true)

            let foreign = try CurlAnswer.run([
                "-X", "DELETE", base + "/v1/oauth_clients/\(id)", "-H", "Authorization: Bearer \(other.ownerKey.text)",
            ])
            #expect(foreign.status == 404, "\(foreign.body)")
            #expect(try redis.command(["EXISTS", .string(OAuthClientStore.recordKey(id))]).integerValue == 1)
            #expect(
                try redis.command(["EXISTS", .string(OAuthClientStore.revocationKey(tenant: other.tenant, client: id))])
                    .integerValue == 0)

            let variables = ["AMDAHL_BASE": base + "/v1", "AMDAHL_KEY": fixture.ownerKey.text, "CLIENT_ID": id]
            let (_, output) = try runTool(
                "/bin/bash", ["-c", Self.deletion + #" -w '%{http_code}'"#], environment: variables)
            #expect(output == "204", "\(output)")
            #expect(try redis.command(["EXISTS", .string(OAuthClientStore.recordKey(id))]).integerValue == 0)
            #expect(try redis.command(["EXISTS", .string(OAuthClientStore.tenantsKey(id))]).integerValue == 0)
            let horizon = fixture.configurationSessionAndTokenLifetime
            for tenant in [fixture.tenant, other.tenant] {
                let revocation = OAuthClientStore.revocationKey(tenant: tenant, client: id)
                let value = try redis.command(["GET", .string(revocation)]).stringValue.flatMap { Int64($0) } ?? 0
                #expect(abs(value - SystemAccess.currentTimeMilliseconds()) < 60_000, "\(tenant)")
                let ttl = try redis.command(["TTL", .string(revocation)]).integerValue ?? 0
                #expect(ttl >= horizon, "ocrev TTL \(ttl) in \(tenant)")
                #expect(
                    try redis.command(["EXISTS", .string(OAuthClientStore.consentKey(tenant: tenant, client: id))])
                        .integerValue == 0)
                for set in [OAuthClientStore.registeredKey(tenant: tenant), OAuthClientStore.grantsKey(tenant: tenant)] {
                    #expect(try redis.command(["SISMEMBER", .string(set), .string(id)]).integerValue == 0)
                }
            }
            let again = try CurlAnswer.run([
                "-X", "DELETE", base + "/v1/oauth_clients/\(id)", "-H", "X-API-Key: \(fixture.ownerKey.text)",
            ])
            #expect(again.status == 404)
            let viewer = try fixture.makeKey(by: "viewer", scopes: "data:read").1
            let denied = try CurlAnswer.run([
                "-X", "DELETE", base + "/v1/oauth_clients/\(id)", "-H", "X-API-Key: \(viewer.text)",
            ])
            #expect(denied.status == 403)
        }
    }

    @Test("a self-registered client holding grants in the caller's tenant is revoked there only")
    func selfRegisteredRevocation() throws {
        let (server, fixture, redis) = try Self.setUp()
        defer { _ = server }
        let other = try GatehouseFixture(redisURL: server.url)
        try ServerTests().withServer([], fixture: fixture) { base in
            let id = try Self.clientWithGrants(base: base, owner: fixture, other: other, redis: redis, vouched: false)
            let answer = try CurlAnswer.run([
                "-X", "DELETE", base + "/v1/oauth_clients/\(id)", "-H", "X-API-Key: \(other.ownerKey.text)",
            ])
            #expect(answer.status == 204, "\(answer.body)")
            #expect(try redis.command(["EXISTS", .string(OAuthClientStore.recordKey(id))]).integerValue == 1)
            let revoked = OAuthClientStore.revocationKey(tenant: other.tenant, client: id)
            let untouched = OAuthClientStore.revocationKey(tenant: fixture.tenant, client: id)
            #expect(try redis.command(["EXISTS", .string(revoked)]).integerValue == 1)
            #expect(try redis.command(["EXISTS", .string(untouched)]).integerValue == 0)
            #expect(
                try redis.command(["EXISTS", .string(OAuthClientStore.consentKey(tenant: other.tenant, client: id))])
                    .integerValue == 0)
            #expect(
                try redis.command(["EXISTS", .string(OAuthClientStore.consentKey(tenant: fixture.tenant, client: id))])
                    .integerValue == 1)
            let list = try CurlAnswer.run([base + "/v1/oauth_clients", "-H", "X-API-Key: \(other.ownerKey.text)"])
            #expect(list.json["data"] == [])
            // A tenant the client holds no grant in cannot touch it.
            let stranger = try GatehouseFixture(redisURL: server.url)
            let refused = try CurlAnswer.run([
                "-X", "DELETE", base + "/v1/oauth_clients/\(id)", "-H", "X-API-Key: \(stranger.ownerKey.text)",
            ])
            #expect(refused.status == 404)
        }
    }

    @Test("GET /v1/oauth_clients pages the tenant's clients, never a secret; keys:read is required")
    func listing() throws {
        let (server, fixture, _) = try Self.setUp()
        defer { _ = server }
        try ServerTests().withServer([], fixture: fixture) { base in
            var secrets: [String] = []
            for _ in 0..<3 {
                let made = try CurlAnswer.register(
                    base, #"{"client_name":"c","redirect_uris":["https://a.example/cb"]}"#,
                    headers: ["X-API-Key": fixture.ownerKey.text])
                secrets.append(try #require(made.json["client_secret"]?.stringValue))
            }
            let first = try CurlAnswer.run([base + "/v1/oauth_clients?limit=2", "-H", "X-API-Key: \(fixture.ownerKey.text)"])
            #expect(first.status == 200)
            #expect(first.json["data"]?.arrayValue?.count == 2)
            let next = try #require(first.json["next"]?.stringValue)
            let second = try CurlAnswer.run([
                base + "/v1/oauth_clients?limit=2&cursor=\(next)", "-H", "X-API-Key: \(fixture.ownerKey.text)",
            ])
            #expect(second.json["data"]?.arrayValue?.count == 1 && second.json["next"] == .null)
            for answer in [first, second] {
                #expect(!secrets.contains { answer.body.contains($0) } && !answer.body.contains("secret_hash"))
            }
            #expect(first.json["data"]?.arrayValue?.first?["registered_by_tenant"] == true)
            let viewer = try fixture.makeKey(by: "viewer", scopes: "data:read").1
            let denied = try CurlAnswer.run([base + "/v1/oauth_clients", "-H", "X-API-Key: \(viewer.text)"])
            #expect(denied.status == 403)
        }
    }

    @Test("gatehouse oauth-client create (secret once), list, delete; bad input exits 64")
    func cli() throws {
        let (server, fixture, redis) = try Self.setUp()
        defer { _ = server }
        let cli = BuiltProducts.path("gatehouse")
        let common = ["--redis-url", server.url, "--tenant", fixture.tenant]
        let (status, created) = try runTool(
            cli,
            ["oauth-client", "create"] + common + [
                "--name", "Ops console", "--redirect-uri", "https://ops.example/cb", "--redirect-uri",
                "http://127.0.0.1/cb", "--scope", "data:read", "--json",
            ])
        #expect(status == 0, "\(created)")
        let object = try JSONValue.parse(created)
        let id = try #require(object["client_id"]?.stringValue)
        let secret = try #require(object["client_secret"]?.stringValue)
        #expect(object["token_endpoint_auth_method"] == "client_secret_basic" && object["scope"] == "data:read")
        let record = try Self.hash(OAuthClientStore.recordKey(id), redis)
        #expect(record["secret_hash"] == Hex.encode(SHA256.hash(data: Array(secret.utf8))))
        #expect(record["origin"] == "pre_registered" && record["tenant"] == .some(fixture.tenant))

        let (publicStatus, publicText) = try runTool(
            cli, ["oauth-client", "create"] + common + ["--name", "CLI", "--redirect-uri", "http://localhost/cb", "--public"])
        #expect(publicStatus == 0 && publicText.contains("mcp_") && !publicText.contains("client secret:"), "\(publicText)")

        let (listStatus, listed) = try runTool(cli, ["oauth-client", "list"] + common + ["--json"])
        #expect(listStatus == 0)
        let items = try JSONValue.parse(listed).arrayValue ?? []
        #expect(items.count == 2 && items.contains { $0["client_id"] == .string(id) })
        #expect(!listed.contains(secret))
        let (_, table) = try runTool(cli, ["oauth-client", "list"] + common)
        #expect(table.hasPrefix("ID") && table.contains(id) && table.contains("Ops console"), "\(table)")
        #expect(!table.contains(secret))

        let (deleteStatus, deleted) = try runTool(cli, ["oauth-client", "delete"] + common + [id, "--json"])
        #expect(deleteStatus == 0, "\(deleted)")
        #expect(try JSONValue.parse(deleted)["revoked_in"] == [.string(fixture.tenant)], "\(deleted)")
        #expect(try redis.command(["EXISTS", .string(OAuthClientStore.recordKey(id))]).integerValue == 0)
        let (missingStatus, missing) = try runTool(cli, ["oauth-client", "delete"] + common + [id, "--json"])
        #expect(missingStatus == 1 && (try? JSONValue.parse(missing))?["error"]?["code"] == "not_found", "\(missing)")

        for bad in [
            ["--name", "x"], ["--name", "x", "--redirect-uri", "javascript:alert(1)"],
            ["--name", "x", "--redirect-uri", "https://a.example/cb", "--scope", "!!"],
        ] {
            let (badStatus, output) = try runTool(cli, ["oauth-client", "create"] + common + bad)
            #expect(badStatus == 64, "\(bad): \(output)")
        }
        let (configStatus, configOutput) = try runTool(
            cli, ["oauth-client", "delete"] + common + [id], environment: ["GATEHOUSE_SESSION_TTL": "soon"])
        #expect(configStatus == 78, "\(configOutput)")
    }
}

extension GatehouseFixture {
    /// The session plus access-token lifetime of the default configuration, in seconds.
    var configurationSessionAndTokenLifetime: Int64 {
        let configuration = try! configuration()
        return configuration.sessionLifetime + configuration.accessTokenLifetime
    }
}

/// The redirect rules as the authorization page applies them (the pages call ``OAuthRedirectURI``).
@Suite("the authorization page's redirect matching: exact, and loopback on any port")
struct OAuthAuthorizeRedirectTests {
    static let challenge = String(repeating: "A", count: 43)

    /// GET /oauth/authorize for a client registered with `http://localhost/callback`.
    static func authorize(_ base: String, client: String, redirect: String) throws -> CurlAnswer {
        let query = FormURLEncoded.encode([
            ("response_type", "code"), ("client_id", client), ("redirect_uri", redirect),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("state", "s1"),
        ])
        return try CurlAnswer.run([base + "/oauth/authorize?" + query])
    }

    @Test("a portless loopback registration accepts any port; path, query, host literal and fragment still count")
    func loopbackPorts() throws {
        let (server, fixture, _) = try OAuthClientTests.setUp()
        defer { _ = server }
        try ServerTests().withServer([], fixture: fixture) { base in
            let made = try CurlAnswer.register(base, OAuthClientTests.publicClient)
            let client = try #require(made.json["client_id"]?.stringValue, "\(made.body)")
            for redirect in ["http://localhost/callback", "http://localhost:53123/callback", "http://localhost:1/callback"]
            {
                let answer = try Self.authorize(base, client: client, redirect: redirect)
                #expect(answer.status == 200, "\(redirect): \(answer.status) \(answer.body.prefix(200))")
                #expect(answer.headers["location"] == nil)
            }
            for redirect in [
                "http://localhost:53123/other", "http://localhost:53123/callback?x=1", "http://127.0.0.1:53123/callback",
                "http://localhost:53123/callback/", "http://localhost:53123/callback#f", "https://localhost/callback",
            ] {
                let answer = try Self.authorize(base, client: client, redirect: redirect)
                #expect(answer.status >= 400, "\(redirect) was accepted")
                #expect(answer.headers["location"] == nil, "\(redirect) redirected: no open redirector")
            }
        }
    }
}
