import Foundation
import GatehouseCore
import Testing

@Suite("proofs: EdDSA, proof+jwt, one hour, verifiable with the public JWKS only")
struct ProofTests {
    static let verifier = #"""
        import json, sys
        token, jwks_text, subject = sys.argv[1:4]
        jwks = json.loads(jwks_text)
        import jwt
        header = jwt.get_unverified_header(token)
        assert header["typ"] == "proof+jwt" and header["alg"] == "EdDSA", header
        key = jwt.PyJWKSet.from_dict(jwks)[header["kid"]]
        claims = jwt.decode(token, key=key, algorithms=["EdDSA"], options={"verify_aud": False})
        assert claims["sub"] == subject and claims["exp"] - claims["iat"] == 3600, claims
        print("pyjwt ok", claims["sub"])
        from joserfc import jwt as jose_jwt
        from joserfc.jwk import KeySet
        decoded = jose_jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["EdDSA"])
        jose_jwt.JWTClaimsRegistry().validate(decoded.claims)
        print("joserfc ok", decoded.claims["sub"])
        """#

    /// Runs ``verifier`` on a proof with only the served public JWKS: the Python output.
    static func verifyInPython(_ token: String, jwks: [UInt8], subject: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", verifier, token, String(decoding: jwks, as: UTF8.self), subject]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("GET /v1/agents/me/proof with an agent key; PyJWT and joserfc verify it with the public JWKS only")
    func agentProof() throws {
        let fixture = try GatehouseFixture()
        let (agent, agentKey) = try fixture.store.createAgent(
            tenant: fixture.tenant, name: "bot", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        let response = try fixture.call("GET", "/v1/agents/me/proof", headers: ["x-agent-key": agentKey.text])
        #expect(response.status == 200, "\(response.json)")
        #expect(response.headers["Cache-Control"] == "no-store")
        let members = response.json.objectValue?.members.map(\.name) ?? []
        #expect(Set(members) == ["proof", "agent_id", "platform_id", "issued_at", "expires_at", "kid"])
        #expect(response.json["agent_id"] == .string(agent.id))
        #expect(response.json["platform_id"] == .string(fixture.tenant))
        let kid = try #require(response.json["kid"]?.stringValue)
        #expect(try fixture.configuration().signingKeys?.keys.first { $0.kid == kid }?.algorithm == .edDSA)
        let issued = try #require(response.json["issued_at"]?.stringValue.flatMap(Timestamp.parseISO8601))
        let expires = try #require(response.json["expires_at"]?.stringValue.flatMap(Timestamp.parseISO8601))
        #expect(expires - issued == 3_600_000)
        let token = try #require(response.json["proof"]?.stringValue)
        let payload = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        let claims = try JSONValue.parse(payload)
        #expect(claims["sub"] == .string(agent.id) && claims["sub_type"] == "agent")
        #expect(claims["platform_id"] == .string(fixture.tenant))

        let jwks = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/jwks.json"),
            configuration: fixture.processEnvironment()
        ).response
        #expect(!String(decoding: jwks.body, as: UTF8.self).contains("\"d\""), "public keys only")
        let (status, text) = try Self.verifyInPython(token, jwks: jwks.body, subject: agent.id)
        #expect(status == 0, "\(text)")
        #expect(text.contains("pyjwt ok \(agent.id)") && text.contains("joserfc ok \(agent.id)"))
    }

    @Test("/v1/agents/me/proof: other credentials 403, none or a deleted agent 401; /v1/proof takes any principal")
    func agentProofRefusals() throws {
        let fixture = try GatehouseFixture()
        let (agent, agentKey) = try fixture.store.createAgent(
            tenant: fixture.tenant, name: "bot", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        let byKey = try fixture.call("GET", "/v1/agents/me/proof", key: fixture.ownerKey.text)
        #expect(byKey.status == 403 && byKey.json["error"]?["details"]?["reason"] == "agent_key_required")
        let signin = try fixture.send(
            SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "editor"))
        let token = try #require(signin.json["jwt"]?.stringValue)
        #expect(try fixture.call("GET", "/v1/agents/me/proof", key: token).status == 403)
        #expect(try fixture.call("GET", "/v1/agents/me/proof").status == 401)
        #expect(
            try fixture.call("GET", "/v1/agents/me/proof", headers: ["x-agent-key": APIKey.generate(.agentKey).text])
                .status == 401)

        let byAPIKey = try fixture.call("GET", "/v1/proof", key: fixture.ownerKey.text)
        #expect(byAPIKey.status == 200 && byAPIKey.json["subject"] == "owner")
        #expect(byAPIKey.json["subject_type"] == "user" && byAPIKey.json["platform_id"] == .string(fixture.tenant))
        let byAgent = try fixture.call("GET", "/v1/proof", headers: ["x-agent-key": agentKey.text])
        #expect(byAgent.status == 200 && byAgent.json["subject"] == .string(agent.id))
        #expect(byAgent.json["subject_type"] == "agent")

        try fixture.store.deleteAgent(tenant: fixture.tenant, id: agent.id)
        #expect(try fixture.call("GET", "/v1/agents/me/proof", headers: ["x-agent-key": agentKey.text]).status == 401)
        #expect(!fixture.logs.text.contains(agentKey.text))
    }

    @Test("Redis stopped: /v1/agents/me/proof and /v1/proof answer 503, never a proof")
    func redisStopped() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let (_, agentKey) = try fixture.store.createAgent(
            tenant: fixture.tenant, name: "bot", ownerID: nil, scopes: ScopeSet(parsing: "data:read")!)
        let headers = ["x-agent-key": agentKey.text]
        #expect(try fixture.call("GET", "/v1/agents/me/proof", headers: headers).status == 200)
        server.stop()
        for path in ["/v1/agents/me/proof", "/v1/proof"] {
            let response = try fixture.call("GET", path, headers: headers)
            #expect(response.status == 503 && response.errorCode == "unavailable", "\(path)")
            #expect(response.json["proof"] == nil)
        }
    }

    @Test("GET /v1/proof with a session cookie and with an access token; PyJWT and joserfc verify it")
    func proof() throws {
        let harness = try OTPHarness()
        let signedIn = try harness.login(harness.ownerPhone)
        let byCookie = try harness.send(OTPHarness.get("/v1/proof", cookie: signedIn.sessionCookie))
        #expect(byCookie.status == 200, "\(byCookie.json)")
        #expect(byCookie.json["subject"] == "phone-owner")
        #expect(byCookie.json["platform_id"] == .string(harness.fixture.tenant))
        let kid = try #require(byCookie.json["kid"]?.stringValue)
        let configuration = try harness.fixture.configuration()
        #expect(configuration.signingKeys?.keys.first { $0.kid == kid }?.algorithm == .edDSA)
        let token = try #require(byCookie.json["proof"]?.stringValue)

        let jwks = try harness.send(APIRequest(method: "GET", path: "/.well-known/jwks.json"))
        let (status, text) = try Self.verifyInPython(token, jwks: jwks.body, subject: "phone-owner")
        #expect(status == 0, "\(text)")
        #expect(text.contains("pyjwt ok phone-owner") && text.contains("joserfc ok phone-owner"))

        let byToken = try harness.send(OTPHarness.get("/v1/proof", bearer: signedIn.json["access_token"]?.stringValue))
        #expect(byToken.status == 200)
        #expect(byToken.json["subject"] == "phone-owner")
        #expect(try harness.send(OTPHarness.get("/v1/proof")).status == 401)
        #expect(try harness.send(OTPHarness.get("/v1/proof", bearer: "eyJhbGciOiJub25lIn0.e30.")).status == 401)
    }
}
