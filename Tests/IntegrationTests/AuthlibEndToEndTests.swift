import Foundation
import GatehouseCore
import Testing

/// authlib's OAuth2Session (PyPI), a real OAuth client library, against Gatehouse over HTTP: dynamic
/// registration, the authorization pages driven as plain HTML forms (phone, the OTP read from the
/// test delivery receiver, consent), the code grant with PKCE, refresh, revocation, and the access
/// token verified with PyJWT against the served JWKS with `aud` = the resource sent. A second pair
/// of tests starts from a code issued with ``OAuthCodeStore/issue(_:lifetimeSeconds:now:redis:)``
/// (what the pages call on approval) to cover the token half alone. Nothing in the servers under
/// test is a test hook.
@Suite("authlib OAuth2Session drives register → authorize pages → token → refresh → revoke, server and lighttpd CGI")
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

    static let resources = ["GATEHOUSE_OAUTH_RESOURCES": OAuthTokenHarness.resource]

    /// Runs `body` with the base URL of a `gatehouse-server` started with `environment`.
    static func withServer<T>(_ environment: [String: String], _ body: (String) throws -> T) throws -> T {
        let port = freePort()
        let server = try BackgroundProcess(
            BuiltProducts.path("gatehouse-server"), ["--port", String(port)], environment: environment)
        defer { server.stop() }
        waitForHTTP("http://127.0.0.1:\(port)/.well-known/jwks.json")
        return try body("http://127.0.0.1:\(port)")
    }

    /// The whole flow a user and an MCP client go through, over HTTP only.
    static let pagesScript = #"""
        import json, re, sys, time, html, jwt, requests
        from urllib.parse import urljoin, urlparse, parse_qs
        from authlib.integrations.requests_client import OAuth2Session
        from authlib.integrations.base_client.errors import OAuthError
        base, deliveries, phone, resource, issuer, audience = sys.argv[1:7]
        redirect = "http://127.0.0.1:8765/callback"
        registered = requests.post(base + "/oauth/register", json={
            "client_name": "authlib end to end", "redirect_uris": [redirect], "token_endpoint_auth_method": "none"})
        assert registered.status_code == 201, (registered.status_code, registered.text)
        client_id = registered.json()["client_id"]
        assert client_id.startswith("mcp_") and registered.json()["token_endpoint_auth_method"] == "none"
        client = OAuth2Session(client_id, redirect_uri=redirect, scope="data:read data:write",
                               token_endpoint_auth_method="none", code_challenge_method="S256")
        verifier = "v" * 20 + "-._~" + "0123456789abcdefghij"
        url, state = client.create_authorization_url(base + "/oauth/authorize", code_verifier=verifier,
                                                     resource=resource)
        # A browser without JavaScript: cookies as Set-Cookie says (the __Host- cookies are Secure,
        # which a cookie jar keeps from plain http, so they are handled here), forms posted as they are.
        cookies, page = {}, None
        def keep(response):
            for header in response.raw.headers.getlist("Set-Cookie"):
                name, _, rest = header.partition("=")
                value = rest.split(";")[0]
                if "Max-Age=0" in header: cookies.pop(name, None)
                else: cookies[name] = value
            return response
        def cookie_header(): return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        def get(target): return keep(requests.get(target, headers=cookie_header(), allow_redirects=False))
        def form(step):
            for chunk in page.text.split("<form ")[1:]:
                fields = [(html.unescape(n), html.unescape(v)) for n, v in
                          re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', chunk.split("</form>")[0])]
                if ("step", step) in fields: return fields
            raise SystemExit(f"no form for {step}: {page.text[:400]}")
        def submit(step, extra):
            response = keep(requests.post(base + "/oauth/authorize", data=form(step) + extra, headers=cookie_header(),
                                          allow_redirects=False))
            assert response.status_code == 303, (step, response.status_code, response.text[:400])
            return response.headers["Location"]
        page = get(url)
        assert page.status_code == 200 and page.headers["X-Frame-Options"] == "DENY", page.status_code
        page = get(urljoin(base + "/oauth/authorize", submit("phone", [("phone", phone)])))
        code = None
        for _ in range(100):
            for line in open(deliveries):
                body = json.loads(json.loads(line)["body"])
                if body.get("phone") == phone: code = body["code"]
            if code: break
            time.sleep(0.05)
        assert code, "no OTP delivered"
        page = get(urljoin(base + "/oauth/authorize", submit("code", [("code", code)])))
        assert "authlib end to end" in page.text, page.text[:400]
        callback = submit("consent", [("decision", "approve")])
        assert callback.startswith(redirect + "?"), callback
        query = parse_qs(urlparse(callback).query)
        assert query["iss"] == [issuer] and query["state"] == [state], query
        token = client.fetch_token(base + "/oauth/token", authorization_response=callback, code_verifier=verifier,
                                   resource=resource)
        jwks = requests.get(base + "/.well-known/jwks.json").json()
        key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token["access_token"])["kid"]]
        claims = jwt.decode(token["access_token"], key=key, algorithms=["ES256", "EdDSA", "RS256"],
                            audience=audience, issuer=issuer)
        assert claims["client_id"] == client_id and claims["aud"] == audience, claims
        refreshed = client.refresh_token(base + "/oauth/token", refresh_token=token["refresh_token"])
        assert refreshed["refresh_token"] != token["refresh_token"], refreshed
        assert client.revoke_token(base + "/oauth/revoke", token=refreshed["refresh_token"]).status_code == 200
        try:
            client.refresh_token(base + "/oauth/token", refresh_token=refreshed["refresh_token"])
            raise SystemExit("a revoked refresh token was accepted")
        except OAuthError as error:
            assert error.error == "invalid_grant", error.error
        print("authlib pages ok", claims["sub"], claims["aud"], claims["scope"])
        """#

    /// Runs ``pagesScript`` against `base`, signing in as the harness's owner.
    static func driveWithPages(
        base: String, harness: OTPHarness, resource: String, audience: String
    ) throws -> (Int32, String) {
        try runTool(
            try python(),
            [
                "-c", pagesScript, base, harness.receiver.directory.appendingPathComponent("log").path,
                harness.ownerPhone, resource, "https://gatehouse.test", audience,
            ])
    }

    @Test("the whole flow through the pages against gatehouse-server: aud is the resource sent")
    func pagesServer() throws {
        let harness = try OTPHarness()
        let (status, output) = try Self.withServer(
            harness.fixture.processEnvironment(harness.environment(Self.resources))
        ) { base in
            try Self.driveWithPages(
                base: base, harness: harness, resource: OAuthTokenHarness.resource, audience: OAuthTokenHarness.resource)
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("authlib pages ok phone-owner \(OAuthTokenHarness.resource) data:read data:write"))
    }

    @Test("the whole flow through the pages against the oauth executable behind lighttpd (CGI)")
    func pagesLighttpd() throws {
        let redis = try RedisTestServer(tcp: true)
        defer { redis.stop() }
        let receiver = try DeliveryReceiver()
        let harness = try OTPHarness(receiver: receiver, redisURL: redis.tcpURL!)
        let server = try WebServer(.lighttpd, redisURL: redis.tcpURL!, otpWebhookURL: receiver.url())
        defer { server.stop() }
        // The OTP is delivered after the answer, by a child detached from lighttpd's process group
        // (FunctionMain.detachFromWebServer): lighttpd would otherwise end the delivery.
        let (status, output) = try Self.driveWithPages(
            base: server.base, harness: harness, resource: DeploymentTestValues.issuer,
            audience: DeploymentTestValues.audience)
        #expect(status == 0, "\(output) \(server.errorLog())")
        #expect(output.contains("authlib pages ok phone-owner \(DeploymentTestValues.audience)"))
    }

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
        let (status, output) = try Self.withServer(fixture.processEnvironment(Self.resources)) { base in
            try Self.drive(
                base: base, fixture: fixture, resource: OAuthTokenHarness.resource, audience: OAuthTokenHarness.resource)
        }
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
