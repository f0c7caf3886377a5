/// Who a phone number signs in as: exactly one user of one tenant, or one platform administrator.
///
/// A number belongs to at most one owner across the whole deployment: creating a user or an
/// administrator with a number that is already indexed is refused (409), so OTP sign-in never has
/// to choose between tenants.
public enum PhoneOwner: Sendable, Equatable {
    /// A user of a tenant.
    case user(tenant: String, id: String)
    /// A platform administrator.
    case admin(id: String)

    /// The stored form: `user:<tenant>:<id>` or `admin:<id>`.
    public var stored: String {
        switch self {
        case .user(let tenant, let id): "user:\(tenant):\(id)"
        case .admin(let id): "admin:\(id)"
        }
    }

    /// Reads the stored form; nil for anything else.
    public init?(stored text: String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[0] == "user", Identifier.isTenant(parts[1]), Identifier.isObjectID(parts[2]) {
            self = .user(tenant: parts[1], id: parts[2])
        } else if parts.count == 2, parts[0] == "admin", Identifier.isObjectID(parts[1]) {
            self = .admin(id: parts[1])
        } else {
            return nil
        }
    }

    /// The storage keys of the owner's records: its tenant's, or the platform's for administrators.
    public var keys: TenantKeys {
        switch self {
        case .user(let tenant, _): TenantKeys(tenant)
        case .admin: TenantKeys.platform
        }
    }

    /// The key of the owner's record (a user or an administrator hash).
    public var recordKey: String {
        switch self {
        case .user(let tenant, let id): TenantKeys(tenant).user(id)
        case .admin(let id): TenantKeys.platform.admin(id)
        }
    }

    /// The owner's id.
    public var id: String {
        switch self {
        case .user(_, let id), .admin(let id): id
        }
    }

    /// Whether the owner is a platform administrator.
    public var isAdmin: Bool {
        if case .admin = self { return true }
        return false
    }
}

/// The Redis keys of one phone number's OTP state, all under the hash tag `{p:<E.164>}` so each
/// OTP step is one script on one cluster node.
///
/// ```
/// gh:{p:<phone>}:owner     STRING  PhoneOwner (the global phone index)
/// gh:{p:<phone>}:otp       HASH    the live code: h (HMAC), exp (ms), tries
/// gh:{p:<phone>}:cooldown  STRING  present while a resend must wait
/// gh:{p:<phone>}:sends     HASH    rate-limit window of sends per hour
/// gh:{p:<phone>}:fail      STRING  consecutive failed verifications
/// gh:{p:<phone>}:lock      STRING  present while OTP login is locked
/// ```
public struct PhoneKeys: Sendable {
    /// The E.164 number.
    public let phone: String
    /// `gh:{p:<phone>}:`.
    public let prefix: String

    /// The keys of a number, which must be E.164.
    public init(_ phone: String) {
        self.phone = phone
        prefix = "gh:{p:\(phone)}:"
    }

    public var owner: String { prefix + "owner" }
}

extension TenantKeys {
    /// The keys of platform administrators and their sessions: the tag `{_platform}`, which no
    /// tenant id can take (tenant ids start with a letter or digit).
    public static let platform = TenantKeys("_platform")

    /// A platform administrator (only under ``platform``).
    public func admin(_ id: String) -> String { prefix + "admin:" + id }
    /// The set of administrator ids (only under ``platform``).
    public var admins: String { prefix + "admins" }
    /// The tenant's phone → user id index.
    public var phones: String { prefix + "phones" }
    /// A session by its id.
    public func session(_ id: String) -> String { prefix + "session:" + id }
    /// The session id of a session secret, by the SHA-256 (hex) of the cookie value.
    public func sessionBySecret(_ hashHex: String) -> String { prefix + "sh:" + hashHex }
    /// A refresh-token family.
    public func refreshFamily(_ id: String) -> String { prefix + "rf:" + id }
    /// A refresh token by the SHA-256 of its text.
    public func refreshToken(_ hashHex: String) -> String { prefix + "rt:" + hashHex }
}

extension TenantStore {
    /// Claims a phone number for an owner: 409 when another owner holds it. Idempotent for the
    /// same owner.
    func claimPhone(_ phone: String, for owner: PhoneOwner) throws {
        let reply = try redisClient.evaluate(
            Self.claimPhoneScript, keys: [.string(PhoneKeys(phone).owner)], arguments: [.string(owner.stored)])
        guard reply.integerValue == 1 else {
            throw GatehouseError.conflict("The phone number is already used by another user or administrator")
        }
    }

    /// Releases a claim made by ``claimPhone(_:for:)`` if it is still this owner's.
    func releasePhone(_ phone: String, for owner: PhoneOwner) throws {
        _ = try redisClient.evaluate(
            Self.releasePhoneScript, keys: [.string(PhoneKeys(phone).owner)], arguments: [.string(owner.stored)])
    }

    /// Who a phone number belongs to, if anyone.
    public func phoneOwner(_ phone: String) throws -> PhoneOwner? {
        guard PhoneNumber.isE164(phone) else { return nil }
        return try redisClient.command(["GET", .string(PhoneKeys(phone).owner)]).stringValue.flatMap(
            PhoneOwner.init(stored:))
    }

    static let claimPhoneScript = RedisScript(
        """
        local current = redis.call('GET', KEYS[1])
        if current and current ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[1])
        return 1
        """)

    static let releasePhoneScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """)
}
