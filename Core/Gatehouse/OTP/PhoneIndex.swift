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
