import Foundation
import GatehouseCore
import Testing

/// Tokens of external identity providers (SPEC §5 "External issuers"), minted by PyJWT and joserfc
/// and shaped like Supabase (legacy HS256 and asymmetric ES256), Auth0, Cognito and Keycloak
/// tokens, through the one authenticator with a real Redis and, for `jwks_uri` issuers, a real
/// JWKS endpoint on loopback (test mode allows http to 127.0.0.1).
@Suite("external issuers: Supabase, Auth0, Cognito, Keycloak tokens in the one authenticator")
struct ExternalIssuerTests {
    static let supabaseIssuer = "https://abcd.supabase.co/auth/v1"
    static let auth0Issuer = "https://acme.eu.auth0.com/"
    static let cognitoIssuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
    static let keycloakIssuer = "https://sso.acme.test/realms/acme"
    static let supabaseSecret = "super-secret-jwt-token-with-at-least-32-characters-long"
    static let auth0Audience = "https://api.acme.test"

    /// A client address of its own, so the unauthenticated limit (30 a minute) never trips.
    static func address() -> String { "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))" }

    /// Everything one test needs: a tenant, minted tokens, the issuers document.
    struct Setup {
        let fixture: GatehouseFixture
        let minted: MintedTokens
        let document: String
        let name: String
        let address = ExternalIssuerTests.address()

        func call(
            _ token: String, _ method: String = "GET", _ path: String = "/v1/verify", clock: TestClock? = nil,
            json: String? = nil
        ) throws -> APIResponse {
            try fixture.call(
                method, path, key: token, json: json, clock: clock, extra: ["GATEHOUSE_TRUSTED_ISSUERS": document],
                remoteAddress: address)
        }
    }

    static func claims(_ issuer: String, _ extra: JSONObject, now: Int64 = SystemAccess.currentTimeMilliseconds() / 1000)
        -> JSONObject
    {
        var claims: JSONObject = ["iss": .string(issuer), "iat": .integer(now), "exp": .integer(now + 3600)]
        for name in extra.names { claims[name] = extra[name] }
        return claims
    }

    /// The four providers' keys, tokens and issuer configuration, plus forgeries of every class.
    static func providers() throws -> Setup {
        let fixture = try GatehouseFixture()
        let name = "providers-" + UUID().uuidString
        let now = SystemAccess.currentTimeMilliseconds() / 1000
        let tenant = JSONValue.string(fixture.tenant)
        let auth0: JSONObject = [
            "aud": [.string(auth0Audience), "https://acme.eu.auth0.com/userinfo"], "sub": "auth0|64f1c2d3",
            "https://acme.test/tenant": tenant, "https://acme.test/roles": ["member", "admin"], "azp": "web",
        ]
        func a0(_ name: String, _ changes: JSONObject = [:], key: String = "a0-rsa", kid: String = "a0-rsa",
                alg: String = "RS256", header: JSONObject = [:], forge: String? = nil) -> TokenSpec {
            var claims = auth0
            for member in changes.names { claims[member] = changes[member] == .null ? nil : changes[member] }
            var fullHeader: JSONObject = ["kid": .string(kid)]
            for member in header.names { fullHeader[member] = header[member] }
            return TokenSpec(
                name: name, key: key, alg: alg, header: fullHeader, claims: Self.claims(auth0Issuer, claims),
                forge: forge)
        }
        let specs: [TokenSpec] = [
            // Accepted, one per provider shape.
            TokenSpec(
                name: "supabase-hs256", secret: supabaseSecret, alg: "HS256",
                claims: Self.claims(
                    supabaseIssuer,
                    ["aud": "authenticated", "sub": "8d2f2c1e-7a1b-4c9d-9e0f-1a2b3c4d5e6f", "role": "authenticated",
                     "aal": "aal1", "session_id": "b7c1"])),
            TokenSpec(
                name: "supabase-es256", library: "joserfc", key: "sb-es", alg: "ES256", header: ["kid": "sb-es"],
                claims: Self.claims(
                    supabaseIssuer, ["aud": "authenticated", "sub": "0f0e0d0c-service", "role": "service_role"])),
            a0("auth0"),
            TokenSpec(
                name: "cognito", library: "joserfc", key: "cg-rsa", alg: "RS256", header: ["kid": "cg-rsa"],
                claims: Self.claims(
                    cognitoIssuer,
                    ["sub": "5b7c9d1e-aaaa-bbbb-cccc-123456789abc", "client_id": "4example7client",
                     "token_use": "access", "cognito:groups": ["editors"], "scope": "aws.cognito.signin.user.admin"])),
            TokenSpec(
                name: "keycloak-eddsa", library: "joserfc", key: "kc-ed", alg: "EdDSA", header: ["kid": "kc-ed"],
                claims: Self.claims(
                    keycloakIssuer,
                    ["aud": "account", "sub": "f:1234:alice", "azp": "gatehouse-web",
                     "realm_access": ["roles": ["offline_access", "gatehouse-user"]]])),
            TokenSpec(
                name: "keycloak-ps256", key: "kc-ps", alg: "PS256", header: ["kid": "kc-ps"],
                claims: Self.claims(
                    keycloakIssuer,
                    ["aud": ["account", "gatehouse"], "sub": "f:1234:bob", "azp": "gatehouse-web",
                     "realm_access": ["roles": ["gatehouse-admin"]]])),
            a0("auth0-within-leeway", ["exp": .integer(now - 30)]),

            // Refused: every forgery class of SPEC §5, and mapping failures.
            a0("alg-none", forge: "none"),
            a0("hs256-with-rsa-public-key", forge: "hmac-public"),
            TokenSpec(
                name: "supabase-hs256-with-ec-public-key", key: "sb-es", alg: "HS256", header: ["kid": "sb-es"],
                claims: Self.claims(supabaseIssuer, ["aud": "authenticated", "sub": "x", "role": "service_role"]),
                forge: "hmac-public"),
            a0("alg-outside-list", key: "attacker-ec", alg: "ES256"),
            a0("crit", header: ["crit": ["exp"]]),
            a0("jku", key: "attacker-rsa", kid: "attacker-rsa", header: ["jku": .string(JWKSEndpoint.shared.url(name + "-attacker"))]),
            a0("x5u", key: "attacker-rsa", kid: "attacker-rsa", header: ["x5u": .string(JWKSEndpoint.shared.url(name + "-attacker"))]),
            a0("x5c", key: "attacker-rsa", kid: "attacker-rsa", header: ["x5c": ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"]]),
            a0("embedded-jwk", key: "attacker-rsa", kid: "attacker-rsa", header: ["jwk": ["kty": "RSA", "n": "AQAB", "e": "AQAB"]]),
            a0("other-key-same-kid", key: "attacker-rsa"),
            a0("tampered-payload", forge: "tamper"),
            TokenSpec(
                name: "untrusted-issuer", key: "attacker-rsa", alg: "RS256", header: ["kid": "attacker-rsa"],
                claims: Self.claims(
                    "https://evil.example/", ["aud": .string(auth0Audience), "sub": "x", "https://acme.test/tenant": tenant])),
            a0("wrong-audience", ["aud": "https://other.api"]),
            a0("no-audience", ["aud": .null]),
            a0("expired", ["exp": .integer(now - 120)]),
            a0("not-yet-valid", ["nbf": .integer(now + 120)]),
            a0("issued-in-future", ["iat": .integer(now + 120)]),
            a0("unknown-kid", key: "attacker-rsa", kid: "nope"),
            a0("weak-1024-bit-key", key: "weak", kid: "weak"),
            a0("unmapped-role", ["https://acme.test/roles": ["guest"]]),
            a0("no-tenant-claim", ["https://acme.test/tenant": .null]),
            a0("platform-tenant", ["https://acme.test/tenant": "_platform"]),
            TokenSpec(
                name: "cognito-id-token", library: "joserfc", key: "cg-rsa", alg: "RS256", header: ["kid": "cg-rsa"],
                claims: Self.claims(
                    cognitoIssuer,
                    ["sub": "5b7c9d1e", "client_id": "4example7client", "token_use": "id", "cognito:groups": ["editors"]])),
            TokenSpec(
                name: "keycloak-wrong-azp", library: "joserfc", key: "kc-ed", alg: "EdDSA", header: ["kid": "kc-ed"],
                claims: Self.claims(
                    keycloakIssuer,
                    ["aud": "account", "sub": "alice", "azp": "other-client", "realm_access": ["roles": ["gatehouse-user"]]])),
        ]
        let minted = try IssuerHarness.mint(
            keys: [
                "sb-es": "EC", "a0-rsa": "RSA", "cg-rsa": "RSA", "kc-ed": "OKP", "kc-ps": "RSA", "kc-enc": "RSA",
                "attacker-rsa": "RSA", "attacker-ec": "EC", "weak": "RSA1024",
            ], tokens: specs)

        // Auth0 from a file (with x5c/x5t members and a 1024-bit key that must be skipped),
        // Supabase and Cognito from the endpoint, Keycloak inline (with an encryption key to skip).
        let auth0File = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-auth0.json").path
        try Data(
            minted.keySet([("a0-rsa", "RS256"), ("weak", "RS256")], extra: ["x5t": "abc", "x5c": ["MIIC"]]).serialized()
        ).write(to: URL(fileURLWithPath: auth0File))
        try JWKSEndpoint.shared.serve(name + "-supabase", minted.keySet([("sb-es", "ES256")]), cacheControl: "public, max-age=600")
        try JWKSEndpoint.shared.serve(name + "-cognito", minted.keySet([("cg-rsa", "RS256")]))
        try JWKSEndpoint.shared.serve(name + "-attacker", minted.keySet([("attacker-rsa", "RS256")]))
        var keycloakKeys = minted.keySet([("kc-ed", "EdDSA"), ("kc-ps", "PS256")]).objectValue!["keys"]!.arrayValue!
        var encryption = minted.jwks["kc-enc"]!
        encryption["use"] = "enc"
        encryption["alg"] = "RSA-OAEP"
        keycloakKeys.append(.object(encryption))

        let document = IssuerHarness.document(
            [
                "issuer": .string(supabaseIssuer), "audiences": ["authenticated"],
                "jwks_uri": .string(JWKSEndpoint.shared.url(name + "-supabase")), "hs256_secret": .string(supabaseSecret),
                "algorithms": ["ES256", "HS256"], "tenant": ["value": tenant],
                "role": ["claim": "role", "map": ["authenticated": "editor", "service_role": "admin"]],
            ],
            [
                "issuer": .string(auth0Issuer), "audiences": [.string(auth0Audience)], "jwks_file": .string(auth0File),
                "algorithms": ["RS256"], "tenant": ["claim": "https://acme.test/tenant"],
                "role": ["claim": "https://acme.test/roles", "map": ["admin": "admin", "member": "viewer"]],
            ],
            [
                "issuer": .string(cognitoIssuer), "audiences": ["4example7client"], "audience_claim": "client_id",
                "jwks_uri": .string(JWKSEndpoint.shared.url(name + "-cognito")), "algorithms": ["RS256"],
                "tenant": ["value": tenant],
                "role": ["claim": "cognito:groups", "map": ["editors": "editor", "owners": "owner"], "default": "viewer"],
                "required_claims": ["token_use": "access"],
            ],
            [
                "issuer": .string(keycloakIssuer), "audiences": ["account"], "jwks": ["keys": .array(keycloakKeys)],
                "algorithms": ["EdDSA", "PS256"], "tenant": ["value": tenant],
                "role": ["claim": ["realm_access", "roles"], "map": ["gatehouse-user": "editor", "gatehouse-admin": "admin"]],
                "required_claims": ["azp": "gatehouse-web"],
            ])
        return Setup(fixture: fixture, minted: minted, document: document, name: name)
    }

    @Test(
        "each provider's token resolves to its mapped principal on /v1/verify",
        arguments: [
            ("supabase-hs256", "8d2f2c1e-7a1b-4c9d-9e0f-1a2b3c4d5e6f", Role.editor),
            ("supabase-es256", "0f0e0d0c-service", .admin), ("auth0", "auth0|64f1c2d3", .admin),
            ("cognito", "5b7c9d1e-aaaa-bbbb-cccc-123456789abc", .editor), ("keycloak-eddsa", "f:1234:alice", .editor),
            ("keycloak-ps256", "f:1234:bob", .admin), ("auth0-within-leeway", "auth0|64f1c2d3", .admin),
        ])
    func accepted(token: String, subject: String, role: Role) throws {
        let setup = try Self.sharedSetup()
        let response = try setup.call(setup.minted[token: token])
        #expect(response.status == 200, "\(token): \(String(decoding: response.body, as: UTF8.self))")
        #expect(response.json["credential_type"] == "external_jwt")
        #expect(response.json["tenant_id"] == .string(setup.fixture.tenant))
        #expect(response.json["subject"] == .string(subject))
        #expect(response.json["subject_type"] == "user")
        let scopes = response.json["effective_scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(Set(scopes) == Set(role.defaultScopes.scopes.map(\.description)))
    }

    @Test(
        "every forgery class and every mapping failure is refused with 401",
        arguments: [
            "alg-none", "hs256-with-rsa-public-key", "supabase-hs256-with-ec-public-key", "alg-outside-list", "crit",
            "jku", "x5u", "x5c", "embedded-jwk", "other-key-same-kid", "tampered-payload", "untrusted-issuer",
            "wrong-audience", "no-audience", "expired", "not-yet-valid", "issued-in-future", "unknown-kid",
            "weak-1024-bit-key", "unmapped-role", "no-tenant-claim", "platform-tenant", "cognito-id-token",
            "keycloak-wrong-azp",
        ])
    func refused(token: String) throws {
        let setup = try Self.sharedSetup()
        let response = try setup.call(setup.minted[token: token])
        #expect(response.status == 401, "\(token): \(String(decoding: response.body, as: UTF8.self))")
        #expect(response.errorCode == "authentication_error")
        #expect(!setup.fixture.logs.text.contains(setup.minted[token: token]))
    }

    @Test("a header that would choose the key (jku, x5u) and an untrusted iss never cause a fetch")
    func noFetchForRefusedTokens() throws {
        let setup = try Self.sharedSetup()
        for token in ["jku", "x5u", "untrusted-issuer"] {
            #expect(try setup.call(setup.minted[token: token]).status == 401)
        }
        #expect(JWKSEndpoint.shared.fetches(setup.name + "-attacker") == 0)
    }

    @Test("an external principal is a principal on every route: scopes decide, as for any credential")
    func otherRoutes() throws {
        let setup = try Self.sharedSetup()
        let admin = try setup.call(setup.minted[token: "auth0"], "GET", "/v1/api_keys")
        #expect(admin.status == 200, "\(String(decoding: admin.body, as: UTF8.self))")
        let denied = try setup.call(
            setup.minted[token: "cognito"], "POST", "/v1/api_keys", json: #"{"name":"x","scopes":["data:read"]}"#)
        #expect(
            denied.status == 403 && denied.json["error"]?["details"]?["missing_scope"] == "keys:manage",
            "\(String(decoding: denied.body, as: UTF8.self))")
        // Gatehouse's own tokens keep working beside the external issuers.
        let signin = try setup.fixture.send(
            SigninRequest.seed000(org: setup.fixture.tenant, key: setup.fixture.ownerKey.text, keyID: nil, user: "editor"))
        let own = try setup.call(try #require(signin.json["jwt"]?.stringValue))
        #expect(own.status == 200 && own.json["credential_type"] == "access_token")
    }

    @Test("RFC 8693: an external token is exchanged for a Gatehouse token whose act names the issuer")
    func tokenExchange() throws {
        let setup = try Self.sharedSetup()
        func exchange(_ token: String, type: String = "urn:ietf:params:oauth:token-type:jwt") throws -> APIResponse {
            try setup.fixture.call(
                "POST", "/oauth/token",
                form: "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=\(token)"
                    + "&subject_token_type=\(type.replacingOccurrences(of: ":", with: "%3A"))",
                extra: ["GATEHOUSE_TRUSTED_ISSUERS": setup.document], remoteAddress: setup.address)
        }
        let response = try exchange(setup.minted[token: "auth0"])
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        #expect(response.json["issued_token_type"] == "urn:ietf:params:oauth:token-type:access_token")
        #expect(response.headers["Cache-Control"] == "no-store")
        let token = try #require(response.json["access_token"]?.stringValue)
        let claims = try JWTVerifier(
            keys: JWKSet(privateJWKSetJSON: TestSigningKeys.privateJSON), issuer: "https://gatehouse.test",
            audience: "gatehouse-tests"
        ).verify(token, now: SystemAccess.currentTimeMilliseconds() / 1000)
        #expect(claims["sub"] == "auth0|64f1c2d3" && claims["tid"] == .string(setup.fixture.tenant))
        #expect(claims["act"]?["iss"] == .string(Self.auth0Issuer) && claims["act"]?["sub"] == "auth0|64f1c2d3")
        #expect(ScopeSet(parsing: claims["scope"]?.stringValue ?? "") == Role.admin.defaultScopes)
        let verified = try setup.call(token)
        #expect(verified.status == 200 && verified.json["credential_type"] == "access_token")

        let forged = try exchange(setup.minted[token: "other-key-same-kid"])
        #expect(forged.status == 400 && forged.json["error"] == "invalid_grant", "\(String(decoding: forged.body, as: UTF8.self))")
        #expect(try exchange(setup.minted[token: "auth0"], type: "urn:example:other").status == 400)
    }

    /// One provider setup shared by the tests above (minting some thirty tokens takes a second).
    static func sharedSetup() throws -> Setup { try cached.get() }
    // Immutable once built; the Result is created once (a lazy static) and only read.
    nonisolated(unsafe) private static let cached = Result { try providers() }
}
