

/// The rules of SPEC §4 for exchanging an API key for a user's token, as a pure function.
public enum SigninPolicy {
    /// The message for a user that cannot be found (seed 000 answers 401 for it).
    static let userNotFound = "User not found"

    /// Decides a sign-in from the presented secret and what the store returned.
    ///
    /// - Parameters:
    ///   - presented: the secret as presented (already format-checked).
    ///   - presentedKeyID: the `x-api-key-id` header, when the route carries one.
    ///   - lookup: the store's view.
    ///   - now: Unix milliseconds.
    public static func decide(
        presented: APIKey, presentedKeyID: String?, lookup: SigninLookup, now: Int64
    )
        throws(GatehouseError) -> SigninGrant
    {
        guard lookup.tenantExists else { throw GatehouseError.notFound("Organization not found") }
        guard let key = lookup.key,
            ConstantTime.equals(Array(key.hashHex.utf8), Array(presented.hashHex.utf8)),
            presentedKeyID.map({ $0 == key.id }) ?? true,
            key.isUsable(at: now), key.isTest == presented.isTest
        else { throw GatehouseError.authentication() }
        guard let creator = lookup.creator, creator.status == .active else { throw GatehouseError.authentication() }

        if let decision = lookup.rateLimit, !decision.allowed {
            throw GatehouseError.rateLimited(
                retryAfter: decision.retryAfterSeconds ?? decision.resetSeconds,
                headers: decision.headers)
        }

        // A test key sees the tenant's test data only: a live user is as absent to it as an
        // unknown one, and the reverse.
        guard let target = lookup.target, target.isTest == key.isTest else {
            throw GatehouseError.authentication(userNotFound)
        }
        guard target.status == .active else {
            throw GatehouseError.forbidden("The user is disabled", reason: "user_disabled")
        }
        guard target.role <= creator.role else {
            throw GatehouseError.forbidden(
                "The key cannot act for a user with a higher role than its creator", reason: "permission_boundary")
        }

        let keyScopes =
            key.scopeMode == .legacy
            ? creator.role.defaultScopes : key.scopes.intersection(creator.role.defaultScopes)
        return SigninGrant(
            user: target, actor: creator.id, keyID: key.id, scopes: keyScopes.intersection(target.role.defaultScopes),
            isTest: key.isTest, legacyMode: key.scopeMode == .legacy)
    }
}

extension RateLimitDecision {
    /// The `RateLimit-*` headers of this decision.
    public var headers: HeaderFields {
        [
            "RateLimit-Limit": String(limit), "RateLimit-Remaining": String(max(0, remaining)),
            "RateLimit-Reset": String(max(0, resetSeconds)),
        ]
    }
}
