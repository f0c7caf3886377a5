import GatehouseCore
import Testing

@Suite("session cookies in the authenticator and the agent proof rule")
struct SessionProofPolicyTests {
    let cookie = OpaqueToken.generate(.session, tag: "acme")

    @Test("the session cookie counts only when no credential header is present; Authorization still wins")
    func cookiePrecedence() throws {
        let key = APIKey.generate()
        #expect(try PresentedCredential.from([:], sessionCookie: cookie.text) == .session(cookie))
        #expect(
            try PresentedCredential.from(["X-API-Key": key.text], sessionCookie: cookie.text)
                == .apiKey(key, keyID: nil))
        let agent = APIKey.generate(.agentKey)
        #expect(
            try PresentedCredential.from(["x-agent-key": agent.text], sessionCookie: cookie.text) == .agentKey(agent))
        #expect(
            try PresentedCredential.from(["Authorization": "Bearer aaa.bbb.ccc"], sessionCookie: cookie.text)
                == .accessToken("aaa.bbb.ccc"))
        // A malformed Authorization is refused even though a session cookie is present.
        #expect(throws: GatehouseError.authentication()) {
            try PresentedCredential.from(["Authorization": "Basic abc"], sessionCookie: cookie.text)
        }
        #expect(PresentedCredential.session(cookie).secret == nil)
        #expect(PresentedCredential.session(cookie).credentialType == .session)
    }

    @Test(
        "a malformed session cookie is refused before any lookup", arguments: ["", "ghs_x.y", "ghr_acme.abc", "junk"])
    func malformedCookie(value: String) {
        #expect(throws: GatehouseError.authentication(PresentedCredential.sessionMessage)) {
            try PresentedCredential.from([:], sessionCookie: value)
        }
    }

    @Test("a user's session is the user in their tenant with the role defaults, credential type session")
    func userSession() throws {
        let user = UserRecord(id: "ana", tenant: "acme", role: .viewer, isTest: true, createdAt: 1)
        let principal = try AuthenticationPolicy.principal(sessionID: "ses_1", subject: .user(user), requestedApp: nil)
        #expect(principal.tenantID == "acme" && principal.subject == "ana" && principal.subjectType == .user)
        #expect(principal.credentialType == .session && principal.keyID == "ses_1" && principal.isTest)
        #expect(principal.effectiveScopes == Role.viewer.defaultScopes)
        #expect(principal.json["credential_type"] == "session")
        let app = try AuthenticationPolicy.principal(sessionID: "ses_1", subject: .user(user), requestedApp: "app_a")
        #expect(app.appID == "app_a")
    }

    @Test("administrators' sessions and access tokens are never a tenant principal: 403 platform_admin")
    func administrators() {
        let admin = PlatformAdminRecord(id: "adm_1", phone: "+15550000000", createdAt: 1)
        #expect(throws: AuthenticationPolicy.platformAdminRefusal) {
            try AuthenticationPolicy.principal(sessionID: "ses_1", subject: .admin(admin), requestedApp: nil)
        }
        let claims: JSONObject = ["tid": "_platform", "sub": "adm_1", "scope": "platform:admin"]
        #expect(throws: AuthenticationPolicy.platformAdminRefusal) {
            try AuthenticationPolicy.principal(claims: claims, requestedApp: nil)
        }
        #expect(AuthenticationPolicy.platformAdminRefusal.status == 403)
        #expect(AuthenticationPolicy.platformAdminRefusal.details?["reason"] == "platform_admin")
    }

    @Test("/v1/agents/me/proof: agents by agent key only")
    func agentProofRule() throws {
        let agent = Principal(
            tenantID: "acme", subject: "agt_1", subjectType: .agent, credentialType: .agentKey,
            effectiveScopes: ScopeSet(parsing: "agents:read")!)
        try ProofPolicy.requireAgent(agent)
        for (type, credential) in [
            (Principal.SubjectType.user, Principal.CredentialType.apiKey), (.user, .session), (.user, .accessToken),
            (.platform, .platformCredential),
        ] {
            let other = Principal(
                tenantID: "acme", subject: "x", subjectType: type, credentialType: credential,
                effectiveScopes: ScopeSet(parsing: "*")!)
            #expect(throws: GatehouseError.self) { try ProofPolicy.requireAgent(other) }
            #expect((try? ProofPolicy.requireAgent(other)) == nil)
        }
    }
}
