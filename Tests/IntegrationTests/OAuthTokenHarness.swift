import Foundation
import GatehouseCore
import Crypto
import Testing

/// A tenant with registered OAuth clients and the configuration of the token endpoint: codes are
/// issued with ``OAuthCodeStore/issue(_:lifetimeSeconds:now:redis:)`` exactly as the
/// authorization pages issue them on approval, then redeemed through `/oauth/token`.
struct OAuthTokenHarness {
    static let resource = "https://mcp.example.com/mcp"
    static let redirectURI = "http://127.0.0.1:8765/callback"

    let fixture: GatehouseFixture
    let extra: [String: String]

    init(_ extra: [String: String] = [:], redisURL: String = RedisTestServer.shared.url) throws {
        fixture = try GatehouseFixture(redisURL: redisURL)
        self.extra = ["GATEHOUSE_OAUTH_RESOURCES": Self.resource + ",https://other.example.com/mcp"].merging(extra) {
            $1
        }
    }

    var redis: RedisClient { fixture.store.redisClient }

    /// A client address of this harness alone, so refused tokens never meet another test's
    /// unauthenticated limit.
    let address = "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"

    /// Registers a client as `/oauth/register` stores it; a confidential one gets a secret.
    func register(
        confidential: Bool = false, redirectURIs: [String] = [redirectURI]
    ) throws -> (client: OAuthClient, secret: String?) {
        let secret = confidential ? Base62.random(count: 40) : nil
        let client = OAuthClient(
            id: OAuthClientStore.generateID(), name: "Test client", redirectURIs: redirectURIs,
            authMethod: confidential ? .clientSecretBasic : .none,
            secretHashHex: secret.map { Hex.encode(SHA256.hash(data: Array($0.utf8))) }, origin: .dynamic,
            createdAt: SystemAccess.currentTimeMilliseconds())
        let reply = try redis.command(
            ["HSET", .string(OAuthClientStore.recordKey(client.id))]
                + client.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] })
        if case .error(let message) = reply { throw RedisError.server(message) }
        return (client, secret)
    }

    /// A fresh PKCE verifier (43 unreserved characters).
    static func verifier() -> String { Base62.random(count: 43) }

    /// A code for `user`, approved as the pages approve it.
    func code(
        for client: OAuthClient, user: String = "editor", verifier: String, redirectURI: String? = redirectURI,
        resource: String? = nil, scopes: String = "*", now: Int64 = SystemAccess.currentTimeMilliseconds()
    ) throws -> OpaqueToken {
        let grant = OAuthCodeStore.Grant(
            clientID: client.id, subject: user, tenant: fixture.tenant, requestedRedirectURI: redirectURI,
            codeChallenge: try #require(OAuthPKCE.challenge(ofVerifier: verifier)),
            resource: resource.flatMap(OAuthResource.init(canonicalizing:)), scopes: ScopeSet(parsing: scopes)!)
        return try OAuthCodeStore.issue(grant, lifetimeSeconds: 60, now: now, redis: redis)
    }

    /// A new public client, a verifier and a code approved for it.
    func pending(
        resource: String? = nil, now: Int64 = SystemAccess.currentTimeMilliseconds()
    ) throws -> (client: OAuthClient, verifier: String, code: OpaqueToken) {
        let (client, _) = try register()
        let verifier = Self.verifier()
        return (client, verifier, try code(for: client, verifier: verifier, resource: resource, now: now))
    }

    /// `POST` a form to an OAuth endpoint.
    func post(
        _ pairs: [(String, String)], to path: String = "/oauth/token", headers: [String: String] = [:],
        clock: TestClock? = nil
    ) throws -> APIResponse {
        try fixture.call(
            "POST", path, headers: headers,
            form: FormURLEncoded.encode(pairs), clock: clock, extra: extra)
    }

    /// Redeems a code at the token endpoint as the client would.
    func redeem(
        _ code: OpaqueToken, client: OAuthClient, verifier: String?, redirectURI: String? = redirectURI,
        extra pairs: [(String, String)] = [], headers: [String: String] = [:], clock: TestClock? = nil
    ) throws -> APIResponse {
        var form = [("grant_type", "authorization_code"), ("code", code.text), ("client_id", client.id)]
        if let verifier { form.append(("code_verifier", verifier)) }
        if let redirectURI { form.append(("redirect_uri", redirectURI)) }
        return try post(form + pairs, headers: headers, clock: clock)
    }

    /// Seed 003's refresh request, verbatim in shape.
    func refresh(
        _ token: String, client: OAuthClient, extra pairs: [(String, String)] = [], clock: TestClock? = nil
    ) throws -> APIResponse {
        try post(
            [("grant_type", "refresh_token"), ("refresh_token", token), ("client_id", client.id)] + pairs,
            clock: clock)
    }

    /// A grant opened the normal way: (access token, refresh token) for a new public client.
    func grant(
        resource: String? = nil, scopes: String = "*"
    ) throws -> (client: OAuthClient, access: String, refresh: String) {
        let (client, _) = try register()
        let verifier = Self.verifier()
        let response = try redeem(
            try code(for: client, verifier: verifier, resource: resource, scopes: scopes), client: client,
            verifier: verifier)
        guard response.status == 200, let access = response.json["access_token"]?.stringValue,
            let refresh = response.json["refresh_token"]?.stringValue
        else { throw RedisError.protocol("redemption failed: \(response.status) \(response.json)") }
        return (client, access, refresh)
    }

    /// `/v1/verify` with a bearer token, optionally guarding a resource.
    func verify(_ token: String, query: String = "") throws -> APIResponse {
        try fixture.call("GET", "/v1/verify", key: token, query: query, extra: extra, remoteAddress: address)
    }

    /// Writes the client's deletion record in the tenant, as `DELETE /v1/oauth_clients/{id}` does.
    func deleteClient(_ client: OAuthClient, at time: Int64 = SystemAccess.currentTimeMilliseconds()) throws {
        _ = try redis.command([
            "SET", .string(OAuthClientStore.revocationKey(tenant: fixture.tenant, client: client.id)),
            .string(String(time)),
        ])
    }
}

extension JSONValue {
    /// The claims of a compact JWS, unverified (tests read what they just received).
    var jwtClaims: JSONValue {
        guard let token = stringValue, let part = token.split(separator: ".").dropFirst().first,
            let bytes = Base64URL.decode(part)
        else { return .null }
        return (try? JSONValue.parse(bytes)) ?? .null
    }
}
