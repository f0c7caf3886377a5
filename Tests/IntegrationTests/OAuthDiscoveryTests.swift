import Foundation
import GatehouseCore
import Testing

@Suite("OAuth discovery (RFC 8414, RFC 9728) and /v1/verify's resource and challenges")
struct OAuthDiscoveryTests {
    static let resources = ["GATEHOUSE_OAUTH_RESOURCES": "https://mcp.example.com/mcp,https://tools.example.com/mcp"]

    func get(
        _ path: String, issuer: String = "https://gatehouse.test", headers: [String: String] = [:]
    ) throws -> APIResponse {
        try GatehouseFixture().call(
            "GET", path, headers: headers, extra: Self.resources.merging(["GATEHOUSE_ISSUER": issuer]) { $1 })
    }

    @Test("authorization-server metadata lists every field OAUTH.md names, issuer byte-identical")
    func authorizationServerMetadata() throws {
        for path in ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"] {
            let response = try get(path)
            #expect(response.status == 200 && response.headers["Access-Control-Allow-Origin"] == "*")
            let document = response.json
            #expect(document["issuer"] == "https://gatehouse.test")
            for (field, value) in [
                ("authorization_endpoint", "/oauth/authorize"), ("token_endpoint", "/oauth/token"),
                ("registration_endpoint", "/oauth/register"), ("revocation_endpoint", "/oauth/revoke"),
                ("introspection_endpoint", "/oauth/introspect"), ("jwks_uri", "/.well-known/jwks.json"),
            ] {
                #expect(document[field] == .string("https://gatehouse.test" + value), "\(field)")
            }
            #expect(document["response_types_supported"] == ["code"])
            #expect(document["code_challenge_methods_supported"] == ["S256"])
            let grants = document["grant_types_supported"]?.arrayValue ?? []
            #expect(grants.contains("authorization_code") && grants.contains("refresh_token"))
            #expect(!grants.contains("password") && !grants.contains("implicit"))
            let methods = document["token_endpoint_auth_methods_supported"]?.arrayValue ?? []
            #expect(methods.contains("none") && methods.contains("client_secret_basic"))
            #expect(document["scopes_supported"]?.arrayValue?.isEmpty == false)
            #expect(document["authorization_response_iss_parameter_supported"] == true)
            #expect(document["client_id_metadata_document_supported"] == true)
        }
    }

    @Test("an issuer with a path: metadata at the path-inserted URL; any other path is 404")
    func pathInsertion() throws {
        let issuer = "https://auth.example.com/tenant-a"
        let inserted = try get("/.well-known/oauth-authorization-server/tenant-a", issuer: issuer)
        #expect(inserted.status == 200 && inserted.json["issuer"] == .string(issuer))
        #expect(inserted.json["token_endpoint"] == .string(issuer + "/oauth/token"))
        #expect(try get("/.well-known/oauth-authorization-server/tenant-b", issuer: issuer).status == 404)
        #expect(try get("/.well-known/oauth-authorization-server/tenant-a/x", issuer: issuer).status == 404)
        #expect(try get("/.well-known/oauth-authorization-server/tenant-a").status == 404, "issuer without a path")
    }

    @Test("protected-resource metadata: the own API and each configured resource by path (and Host); else 404")
    func protectedResources() throws {
        let own = try get("/.well-known/oauth-protected-resource")
        #expect(own.status == 200 && own.headers["Access-Control-Allow-Origin"] == "*")
        #expect(own.json["resource"] == "https://gatehouse.test")
        #expect(own.json["authorization_servers"] == ["https://gatehouse.test"])
        #expect(own.json["bearer_methods_supported"] == ["header"])
        #expect(own.json["resource_name"]?.stringValue?.isEmpty == false)

        let mcp = try get("/.well-known/oauth-protected-resource/mcp", headers: ["Host": "tools.example.com"])
        #expect(mcp.status == 200 && mcp.json["resource"] == "https://tools.example.com/mcp")
        #expect(mcp.json["scopes_supported"]?.arrayValue?.isEmpty == false)
        let other = try get("/.well-known/oauth-protected-resource/mcp", headers: ["Host": "mcp.example.com"])
        #expect(other.json["resource"] == "https://mcp.example.com/mcp")
        #expect(try get("/.well-known/oauth-protected-resource/nothing").status == 404)
        #expect(try get("/.well-known/oauth-protected-resource/mcp", headers: ["Host": "evil.example"]).status == 404)
    }

    @Test("/v1/verify 401 carries Bearer resource_metadata (+ scope, error=invalid_token when a token was sent)")
    func unauthorizedChallenge() throws {
        let harness = try OAuthTokenHarness()
        let bare = try harness.fixture.call("GET", "/v1/verify", extra: harness.extra)
        #expect(bare.status == 401)
        #expect(
            bare.headers["WWW-Authenticate"]
                == #"Bearer resource_metadata="https://gatehouse.test/.well-known/oauth-protected-resource""#)
        let resource = FormURLEncoded.percentEncode(OAuthTokenHarness.resource)
        let guarded = try harness.fixture.call(
            "GET", "/v1/verify", headers: ["Authorization": "Bearer nonsense"],
            query: "scope=data:read&resource=\(resource)", extra: harness.extra)
        #expect(guarded.status == 401)
        #expect(
            guarded.headers["WWW-Authenticate"]
                == #"Bearer error="invalid_token", scope="data:read", "#
                + #"resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp""#)
        let viaHeader = try harness.fixture.call(
            "GET", "/v1/verify", headers: ["X-Gatehouse-Resource": OAuthTokenHarness.resource], extra: harness.extra)
        #expect(viaHeader.headers["WWW-Authenticate"]?.contains("oauth-protected-resource/mcp") == true)
        let unknown = try harness.fixture.call(
            "GET", "/v1/verify", key: harness.fixture.ownerKey.text, query: "resource=https%3A%2F%2Fevil.example",
            extra: harness.extra)
        #expect(unknown.status == 400)
    }

    @Test("/v1/verify 403 insufficient_scope names every required scope in one challenge")
    func insufficientScope() throws {
        let harness = try OAuthTokenHarness()
        let (_, access, _) = try harness.grant(resource: OAuthTokenHarness.resource, scopes: "data:read")
        let resource = FormURLEncoded.percentEncode(OAuthTokenHarness.resource)
        let denied = try harness.verify(access, query: "scope=data:read%20pages:write&resource=\(resource)")
        #expect(denied.status == 403 && denied.json["error"]?["details"]?["missing_scope"] == "pages:write")
        #expect(
            denied.headers["WWW-Authenticate"]
                == #"Bearer error="insufficient_scope", scope="data:read pages:write", "#
                + #"resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp""#)
        #expect(try harness.verify(access, query: "scope=data:read&resource=\(resource)").status == 200)
    }
}
