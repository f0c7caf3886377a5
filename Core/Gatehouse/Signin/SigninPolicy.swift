/// What the store knows about one sign-in attempt, read in one round trip.
public struct SigninLookup: Sendable, Equatable {
    /// Whether the tenant exists.
    public var tenantExists: Bool
    /// The key whose hash matched the presented secret, if any.
    public var key: KeyRecord?
    /// The user who created the key.
    public var creator: UserRecord?
    /// The user to sign in as.
    public var target: UserRecord?
    /// The key's rate-limit window after counting this request, when the key was usable.
    public var rateLimit: RateLimitDecision?
    /// Whether the store appended the attempt's audit record (it does whenever the tenant exists).
    public var recorded = false

    public init(
        tenantExists: Bool, key: KeyRecord? = nil, creator: UserRecord? = nil, target: UserRecord? = nil,
        rateLimit: RateLimitDecision? = nil
    ) {
        self.tenantExists = tenantExists
        self.key = key
        self.creator = creator
        self.target = target
        self.rateLimit = rateLimit
    }
}

/// What a successful sign-in grants: the token's subject, scopes and actor.
public struct SigninGrant: Sendable, Equatable {
    /// The user the token is for.
    public let user: UserRecord
    /// The key's creator, who acts (RFC 8693 `act`).
    public let actor: String
    /// The key that was exchanged.
    public let keyID: String
    /// The token's scopes: the key's effective scopes ∩ the user's role defaults.
    public let scopes: ScopeSet
    /// Whether the key and token are test-mode.
    public let isTest: Bool
    /// Whether the key is a legacy-mode key.
    public let legacyMode: Bool
}

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
    public var headers: HTTPHeaders {
        [
            "RateLimit-Limit": String(limit), "RateLimit-Remaining": String(max(0, remaining)),
            "RateLimit-Reset": String(max(0, resetSeconds)),
        ]
    }
}
