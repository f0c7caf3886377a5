import GatehouseCore
import Testing

@Suite("sign-in decisions without Redis")
struct SigninPolicyTests {
    let now: Int64 = 1_760_000_000_000
    let key = APIKey.generate()

    func lookup(
        creator: Role = .owner, target: Role? = .viewer, targetStatus: UserRecord.Status = .active,
        revokedAt: Int64? = nil, expiresAt: Int64? = nil, scopes: String = "*", mode: ScopeMode = .strict,
        allowed: Bool = true
    ) -> SigninLookup {
        let record = KeyRecord(
            id: "key_1", tenant: "acme", name: "k", hashHex: key.hashHex, prefix: key.displayPrefix,
            createdBy: "creator",
            scopes: ScopeSet(parsing: scopes)!, scopeMode: mode, createdAt: now - 1000, expiresAt: expiresAt,
            revokedAt: revokedAt)
        return SigninLookup(
            tenantExists: true, key: record,
            creator: UserRecord(id: "creator", tenant: "acme", role: creator, createdAt: 0),
            target: target.map {
                UserRecord(id: "target", tenant: "acme", role: $0, status: targetStatus, createdAt: 0)
            },
            rateLimit: RateLimitDecision(
                allowed: allowed, limit: 5, remaining: allowed ? 4 : 0, resetSeconds: 30,
                retryAfterSeconds: allowed ? nil : 30))
    }

    func decide(_ lookup: SigninLookup, keyID: String? = nil, presented: APIKey? = nil) -> GatehouseError? {
        do {
            _ = try SigninPolicy.decide(presented: presented ?? key, presentedKeyID: keyID, lookup: lookup, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid key for a user no higher than its creator is granted the intersected scopes")
    func grant() throws {
        let grant = try SigninPolicy.decide(
            presented: key, presentedKeyID: "key_1",
            lookup: lookup(creator: .admin, target: .editor, scopes: "data:read keys:manage"), now: now)
        #expect(grant.scopes.description == "data:read")
        #expect(grant.actor == "creator")
        #expect(grant.user.id == "target")
    }

    @Test("refusals map to the statuses of SPEC §4")
    func refusals() {
        #expect(decide(SigninLookup(tenantExists: false))?.status == 404)
        #expect(decide(SigninLookup(tenantExists: true))?.status == 401)
        #expect(decide(lookup(), keyID: "key_2")?.status == 401)
        #expect(decide(lookup(), presented: APIKey.generate())?.status == 401)
        #expect(decide(lookup(revokedAt: now - 1))?.status == 401)
        #expect(decide(lookup(revokedAt: now + 60_000)) == nil, "a key inside its rotation grace still works")
        #expect(decide(lookup(expiresAt: now))?.status == 401)
        #expect(decide(lookup(target: nil))?.message == "User not found")
        #expect(decide(lookup(targetStatus: .disabled))?.details?["reason"] == "user_disabled")
        #expect(decide(lookup(creator: .editor, target: .admin))?.details?["reason"] == "permission_boundary")
        #expect(decide(lookup(allowed: false))?.status == 429)
        #expect(decide(lookup(allowed: false))?.headers["Retry-After"] == "30")
    }

    @Test("an invalid key is refused before the rate limit is looked at")
    func invalidKeyBeforeLimit() {
        #expect(decide(lookup(revokedAt: now - 1, allowed: false))?.status == 401)
    }
}
