import GatehouseCore
import Testing

@Suite("the authenticator's pure decisions")
struct AuthenticationPolicyTests {
    let now: Int64 = 1_800_000_000_000

    func snapshot(_ key: APIKey, kind: CredentialSnapshot.Kind = .apiKey, scopes: String = "*") -> CredentialSnapshot {
        CredentialSnapshot(
            kind: kind, tenant: "acme", id: kind == .platform ? "plt_1" : "key_1", subject: "ana", hashHex: key.hashHex,
            prefix: key.displayPrefix, scopes: ScopeSet(parsing: scopes)!, isTest: key.isTest, creatorRole: .admin)
    }

    @Test("Authorization wins over X-API-Key; each header shape is recognised")
    func presentation() throws {
        let key = APIKey.generate()
        let other = APIKey.generate()
        let both: HeaderFields = ["Authorization": "Bearer \(key.text)", "X-API-Key": other.text]
        #expect(try PresentedCredential.from(both) == .apiKey(key, keyID: nil))
        #expect(
            try PresentedCredential.from(["X-API-Key": key.text, "x-api-key-id": "key_1"])
                == .apiKey(key, keyID: "key_1"))
        let agent = APIKey.generate(.agentKey)
        #expect(try PresentedCredential.from(["x-agent-key": agent.text]) == .agentKey(agent))
        let secret = APIKey.generate(.platformSecret)
        #expect(
            try PresentedCredential.from(["x-platform-id": "plt_1", "x-platform-secret": secret.text])
                == .platform(id: "plt_1", secret: secret))
        #expect(try PresentedCredential.from(["Authorization": "Bearer aaa.bbb.ccc"]) == .accessToken("aaa.bbb.ccc"))
        #expect(try PresentedCredential.from([:]) == nil)
    }

    @Test(
        "malformed credentials are refused before any lookup",
        arguments: [
            ["Authorization": "Basic abc"], ["Authorization": "Bearer ak_live_short"], ["X-API-Key": "nope"],
            ["x-platform-id": "plt_1"], ["x-agent-key": "ak_live_x"], ["Authorization": "Bearer a.b"],
        ] as [[String: String]])
    func malformed(headers: [String: String]) {
        var fields = HeaderFields()
        for (name, value) in headers { fields.add(name, value) }
        #expect(throws: GatehouseError.authentication()) { try PresentedCredential.from(fields) }
    }

    @Test("strict keys get key scopes ∩ the creator's role; legacy keys the role defaults")
    func effectiveScopes() throws {
        let key = APIKey.generate()
        var stored = snapshot(key, scopes: "data:read billing:delete")
        let strict = try AuthenticationPolicy.principal(
            presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: nil, now: now)
        #expect(strict.effectiveScopes.description == "data:read")
        #expect(strict.subjectType == .user && strict.credentialType == .apiKey && !strict.legacyMode)
        stored.scopeMode = .legacy
        let legacy = try AuthenticationPolicy.principal(
            presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: nil, now: now)
        #expect(legacy.effectiveScopes == Role.admin.defaultScopes && legacy.legacyMode)
    }

    @Test("revoked, expired, disabled creator, wrong id, wrong kind, other secret: 401")
    func refusals() {
        let key = APIKey.generate()
        let base = snapshot(key)
        var revoked = base
        revoked.revokedAt = now
        var expired = base
        expired.expiresAt = now - 1
        var disabled = base
        disabled.creatorActive = false
        let cases: [(PresentedCredential, CredentialSnapshot?)] = [
            (.apiKey(key, keyID: nil), nil), (.apiKey(key, keyID: nil), revoked), (.apiKey(key, keyID: nil), expired),
            (.apiKey(key, keyID: nil), disabled), (.apiKey(key, keyID: "key_2"), base),
            (.agentKey(key), base), (.apiKey(APIKey.generate(), keyID: nil), base),
        ]
        for (presented, stored) in cases {
            #expect(throws: GatehouseError.authentication()) {
                try AuthenticationPolicy.principal(presented: presented, snapshot: stored, requestedApp: nil, now: now)
            }
        }
    }

    @Test("a revocation in the future (rotation grace) still lets the key in until that instant")
    func graceEdge() throws {
        let key = APIKey.generate()
        var stored = snapshot(key)
        stored.revokedAt = now + 1
        _ = try AuthenticationPolicy.principal(
            presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: nil, now: now)
        #expect(throws: GatehouseError.authentication()) {
            try AuthenticationPolicy.principal(
                presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: nil, now: now + 1)
        }
    }

    @Test("app-scoped keys refuse another X-App-Id; tenant-scoped keys act for the app named")
    func apps() throws {
        let key = APIKey.generate()
        var stored = snapshot(key)
        let chosen = try AuthenticationPolicy.principal(
            presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: "app_a", now: now)
        #expect(chosen.appID == "app_a")
        stored.appID = "app_a"
        #expect(throws: GatehouseError.appMismatch) {
            try AuthenticationPolicy.principal(
                presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: "app_b", now: now)
        }
        let bound = try AuthenticationPolicy.principal(
            presented: .apiKey(key, keyID: nil), snapshot: stored, requestedApp: nil, now: now)
        #expect(bound.appID == "app_a")
    }

    @Test("agents and platforms resolve to their own subject types; the platform id must match")
    func agentsAndPlatforms() throws {
        let agentKey = APIKey.generate(.agentKey)
        let agent = try AuthenticationPolicy.principal(
            presented: .agentKey(agentKey), snapshot: snapshot(agentKey, kind: .agentKey, scopes: "data:read"),
            requestedApp: nil, now: now)
        #expect(agent.subjectType == .agent && agent.effectiveScopes.description == "agents:read data:read")
        let secret = APIKey.generate(.platformSecret)
        let platform = try AuthenticationPolicy.principal(
            presented: .platform(id: "plt_1", secret: secret), snapshot: snapshot(secret, kind: .platform),
            requestedApp: nil, now: now)
        #expect(platform.subjectType == .platform && platform.credentialType == .platformCredential)
        #expect(throws: GatehouseError.authentication()) {
            try AuthenticationPolicy.principal(
                presented: .platform(id: "plt_2", secret: secret), snapshot: snapshot(secret, kind: .platform),
                requestedApp: nil, now: now)
        }
    }

    @Test("verify limits: per-credential limit, else 100 per agent, 1000 per platform, none per key")
    func limits() {
        #expect(AuthenticationPolicy.verifyLimit(kind: .agentKey, perCredential: nil) == 100)
        #expect(AuthenticationPolicy.verifyLimit(kind: .platform, perCredential: nil) == 1000)
        #expect(AuthenticationPolicy.verifyLimit(kind: .apiKey, perCredential: nil) == nil)
        #expect(AuthenticationPolicy.verifyLimit(kind: .apiKey, perCredential: 7) == 7)
    }

    @Test("the principal's JSON has exactly SPEC §2's fields")
    func principalJSON() {
        let principal = Principal(
            tenantID: "acme", subject: "ana", subjectType: .user, credentialType: .apiKey, keyID: "key_1",
            effectiveScopes: ScopeSet(parsing: "data:read")!)
        #expect(
            principal.json.names == [
                "tenant_id", "subject", "subject_type", "app_id", "key_scope", "credential_type", "key_id",
                "effective_scopes",
                "is_test", "legacy_mode",
            ])
    }
}

@Suite("key creation rules")
struct KeyPolicyTests {
    let now: Int64 = 1_800_000_000_000
    let admin = Principal(
        tenantID: "acme", subject: "ana", subjectType: .user, credentialType: .apiKey, keyID: "key_1",
        effectiveScopes: ScopeSet(parsing: "data:read keys:manage")!)

    func body(_ text: String) throws -> JSONObject { try #require(try JSONValue.parse(Array(text.utf8)).objectValue) }

    @Test("requested scopes must be within the caller's: the first missing one is named")
    func escalation() throws {
        let spec = try KeyPolicy.specification(
            try body(#"{"name":"ci","scopes":["data:read"]}"#), principal: admin, creatorRole: .admin, now: now)
        #expect(spec.scopes.description == "data:read" && spec.scopeMode == .strict && spec.expiresAt == nil)
        #expect(throws: GatehouseError.missingScope("data:write")) {
            try KeyPolicy.specification(
                try body(#"{"name":"ci","scopes":["data:read","data:write"]}"#), principal: admin, creatorRole: .admin,
                now: now)
        }
        // A legacy key would get the role's defaults, which the caller does not hold.
        #expect(throws: GatehouseError.self) {
            try KeyPolicy.specification(
                try body(#"{"name":"ci","scopes":["data:read"],"scope_mode":"legacy"}"#), principal: admin,
                creatorRole: .admin, now: now)
        }
    }

    @Test(
        "bad fields are 422",
        arguments: [
            #"{"scopes":["data:read"]}"#, #"{"name":"x","scopes":[]}"#, #"{"name":"x","scopes":["Data Read"]}"#,
            #"{"name":"x","scopes":["data:read"],"scope_mode":"loose"}"#,
            #"{"name":"x","scopes":["data:read"],"expires_at":"2001-01-01T00:00:00Z"}"#,
            #"{"name":"x","scopes":["data:read"],"expires_in":5}"#,
            #"{"name":"x","scopes":["data:read"],"expires_in":3600,"expires_in_days":1}"#,
            #"{"name":"x","scopes":["data:read"],"app_id":"bad id"}"#,
        ])
    func invalid(text: String) throws {
        do {
            _ = try KeyPolicy.specification(try body(text), principal: admin, creatorRole: .admin, now: now)
            Issue.record("accepted \(text)")
        } catch let error as GatehouseError {
            #expect(error.status == 422, "\(text): \(error)")
        }
    }

    @Test("expiry by time, by duration in seconds or in days")
    func expiry() throws {
        let at = try KeyPolicy.specification(
            try body(#"{"name":"x","scopes":["data:read"],"expires_at":"2027-06-01T08:00:00.000Z"}"#), principal: admin,
            creatorRole: .admin, now: now)
        #expect(at.expiresAt.map { Timestamp.iso8601(milliseconds: $0) } == "2027-06-01T08:00:00.000Z")
        let seconds = try KeyPolicy.specification(
            try body(#"{"name":"x","scopes":["data:read"],"expires_in":3600}"#), principal: admin, creatorRole: .admin,
            now: now)
        #expect(seconds.expiresAt == now + 3_600_000)
    }

    @Test("grace periods: 0…168 hours, else 422", arguments: [(0, true), (168, true), (-1, false), (169, false)])
    func grace(hours: Int, valid: Bool) throws {
        let object: JSONObject = ["grace_period_hours": .integer(Int64(hours))]
        if valid {
            #expect(try KeyPolicy.graceMilliseconds(object) == Int64(hours) * 3_600_000)
        } else {
            #expect(throws: GatehouseError.self) { try KeyPolicy.graceMilliseconds(object) }
        }
    }

    @Test("ISO 8601 timestamps round-trip and invalid dates are refused")
    func timestamps() {
        for millis: Int64 in [0, 1_764_742_109_581, 951_782_400_000] {
            #expect(Timestamp.parseISO8601(Timestamp.iso8601(milliseconds: millis)) == millis)
        }
        #expect(Timestamp.parseISO8601("2025-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parseISO8601("2025-01-01 00:00:00Z") == nil)
    }
}
