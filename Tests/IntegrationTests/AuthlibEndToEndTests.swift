import Foundation
import GatehouseCore
import Testing

/// authlib's OAuth2Session (PyPI), a real OAuth client library, against Gatehouse over HTTP: the
/// code grant with PKCE, refresh, revocation, and the access token verified with PyJWT against the
/// served JWKS. The code comes from ``OAuthCodeStore/issue(_:lifetimeSeconds:now:redis:)`` (what the
/// authorization pages call on approval), and the client record is written as registration writes
/// it, so nothing in the servers under test is a test hook.
@Suite("authlib OAuth2Session drives token → refresh → revoke against gatehouse-server and lighttpd CGI")
struct AuthlibEndToEndTests {
    /// The Python with authlib, requests and PyJWT: `GATEHOUSE_AUTHLIB_PYTHON` (infra/test sets it),
    /// else the virtual environment infra/lib.sh's `ensure_authlib` makes under .build/.
    static func python() throws -> String {
        let python = ProcessInfo.processInfo.environment["GATEHOUSE_AUTHLIB_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent(".build/authlib-venv/bin/python").path
        let (status, output) = try runTool(python, ["-c", "import authlib, requests, jwt"])
        try #require(status == 0, "\(python) lacks authlib (infra/lib.sh ensure_authlib installs it): \(output)")
        return python
    }

    static let script = #"""
        import sys, jwt, requests
        from authlib.integrations.requests_client import OAuth2Session
        from authlib.integrations.base_client.errors import OAuthError
        base, client_id, code, verifier, redirect, resource, issuer, audience = sys.argv[1:9]
        metadata = requests.get(base + "/.well-known/oauth-authorization-server").json()
        assert metadata["issuer"] == issuer and "S256" in metadata["code_challenge_methods_supported"], metadata
        client = OAuth2Session(client_id, redirect_uri=redirect, token_endpoint_auth_method="none",
                               code_challenge_method="S256")
        url, state = client.create_authorization_url(base + "/oauth/authorize", code_verifier=verifier)
        assert "code_challenge=" in url and "code_challenge_method=S256" in url, url
        extra = {"resource": resource} if resource else {}
        token = client.fetch_token(base + "/oauth/token", grant_type="authorization_code", code=code,
                                   code_verifier=verifier, **extra)
        assert token["token_type"] == "Bearer" and token.get("refresh_token"), token
        jwks = requests.get(base + "/.well-known/jwks.json").json()
        key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token["access_token"])["kid"]]
        claims = jwt.decode(token["access_token"], key=key, algorithms=["ES256", "EdDSA", "RS256"],
                            audience=audience, issuer=issuer)
        assert claims["client_id"] == client_id and claims["aud"] == audience, claims
        refreshed = client.refresh_token(base + "/oauth/token", refresh_token=token["refresh_token"])
        assert refreshed["refresh_token"] != token["refresh_token"], refreshed
        revoked = client.revoke_token(base + "/oauth/revoke", token=refreshed["refresh_token"],
                                      token_type_hint="refresh_token")
        assert revoked.status_code == 200, revoked.status_code
        try:
            client.refresh_token(base + "/oauth/token", refresh_token=refreshed["refresh_token"])
            raise SystemExit("a revoked refresh token was accepted")
        except OAuthError as error:
            assert error.error == "invalid_grant", error.error
        print("authlib ok", claims["sub"], claims["aud"])
        """#

    /// Registers a public client and approves a code for it in the given Redis; runs the script.
    static func drive(
        base: String, fixture: GatehouseFixture, resource: String?, audience: String
    ) throws -> (Int32, String) {
        let redis = fixture.store.redisClient
        let client = OAuthClient(
            id: OAuthClientStore.generateID(), name: "authlib", redirectURIs: [OAuthTokenHarness.redirectURI],
            authMethod: .none, origin: .dynamic, createdAt: SystemAccess.currentTimeMilliseconds())
        _ = try redis.command(
            ["HSET", .string(OAuthClientStore.recordKey(client.id))]
                + client.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] })
        let verifier = OAuthTokenHarness.verifier()
        let grant = OAuthCodeStore.Grant(
            clientID: client.id, subject: "editor", tenant: fixture.tenant,
            requestedRedirectURI: OAuthTokenHarness.redirectURI,
            codeChallenge: try #require(OAuthPKCE.challenge(ofVerifier: verifier)),
            resource: resource.flatMap(OAuthResource.init(canonicalizing:)), scopes: ScopeSet(parsing: "*")!)
        let code = try OAuthCodeStore.issue(
            grant, lifetimeSeconds: 60, now: SystemAccess.currentTimeMilliseconds(), redis: redis)
        return try runTool(
            try python(),
            [
                "-c", script, base, client.id, code.text, verifier, OAuthTokenHarness.redirectURI, resource ?? "",
                "https://gatehouse.test", audience,
            ])
    }

    @Test("against gatehouse-server: aud is the resource sent")
    func server() throws {
        let fixture = try GatehouseFixture()
        let port = freePort()
        let server = try BackgroundProcess(
            BuiltProducts.path("gatehouse-server"), ["--port", String(port)],
            environment: fixture.processEnvironment(["GATEHOUSE_OAUTH_RESOURCES": OAuthTokenHarness.resource]))
        defer { server.stop() }
        waitForHTTP("http://127.0.0.1:\(port)/.well-known/jwks.json")
        let (status, output) = try Self.drive(
            base: "http://127.0.0.1:\(port)", fixture: fixture, resource: OAuthTokenHarness.resource,
            audience: OAuthTokenHarness.resource)
        #expect(status == 0, "\(output)")
        #expect(output.contains("authlib ok editor \(OAuthTokenHarness.resource)"))
    }

    @Test("against the oauth executable behind lighttpd (CGI): Gatehouse's own API, aud the configured audience")
    func lighttpd() throws {
        let redis = try RedisTestServer(tcp: true)
        defer { redis.stop() }
        let fixture = try GatehouseFixture(redisURL: redis.tcpURL!)
        let server = try WebServer(.lighttpd, redisURL: redis.tcpURL!)
        defer { server.stop() }
        let (status, output) = try Self.drive(
            base: server.base, fixture: fixture, resource: DeploymentTestValues.issuer,
            audience: DeploymentTestValues.audience)
        #expect(status == 0, "\(output) \(server.errorLog())")
        #expect(output.contains("authlib ok editor \(DeploymentTestValues.audience)"))
    }
}
