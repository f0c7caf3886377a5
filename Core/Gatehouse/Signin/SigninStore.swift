/// The store side of sign-in: at most two round trips (SPEC §4, §8).
///
/// Routes that name the tenant spend one: a single script reads the tenant, finds the key by the
/// hash of the presented secret, counts the request against the key's limit when the key is
/// usable, and reads the key's creator and the target user. Routes that name no tenant first read
/// the global hash index to learn it. Nothing is written for a secret that matches no usable key.
public enum SigninStore {
    /// The sign-in limit of seed 000: 5 requests a minute per key.
    public static let rule = RateLimitRule(name: "signin", limit: 5, windowSeconds: 60)

    /// Reads what a sign-in needs; `tenant` nil means the tenant comes from the key.
    public static func lookup(
        tenant: String?, presented: APIKey, userID: String, now: Int64, redis: RedisClient, rule: RateLimitRule = rule
    ) throws -> SigninLookup {
        let tenantID: String
        if let tenant {
            tenantID = tenant
        } else {
            guard
                let found = try redis.command(["GET", .string(TenantKeys.globalKeyHash(presented.hashHex))])
                    .stringValue,
                Identifier.isTenant(found)
            else { return SigninLookup(tenantExists: true) }
            tenantID = found
        }
        let keys = TenantKeys(tenantID)
        let reply = try redis.evaluate(
            script, keys: [.string(keys.tenantRecord)],
            arguments: [
                .string(keys.prefix), .string(presented.hashHex), .string(userID), .string(String(now)),
                .string(String(rule.limit)), .string(String(rule.windowSeconds)), .string(rule.name),
            ])
        return try decode(reply, rule: rule)
    }

    static func decode(_ reply: RedisReply, rule: RateLimitRule) throws -> SigninLookup {
        guard let items = reply.arrayValue, items.count == 5, let tenantExists = items[0].integerValue else {
            throw GatehouseError.internal
        }
        var lookup = SigninLookup(tenantExists: tenantExists == 1)
        lookup.key = KeyRecord(fields: items[1].hashFields)
        lookup.creator = UserRecord(fields: items[2].hashFields)
        lookup.target = UserRecord(fields: items[3].hashFields)
        if items[4].arrayValue?.isEmpty == false {
            lookup.rateLimit = try RateLimiter.decision(from: items[4], rule: rule)
        }
        return lookup
    }

    /// KEYS[1] tenant record. ARGV: tenant prefix, secret hash, user id, now (ms), limit,
    /// window (s), rule name. Returns {tenant exists, key, creator, target, limiter reply or {}}.
    static let script = RedisScript(
        RateLimiter.luaFunction + """

            if redis.call('EXISTS', KEYS[1]) == 0 then return {0, {}, {}, {}, {}} end
            local prefix, now = ARGV[1], tonumber(ARGV[4])
            local id = redis.call('HGET', prefix .. 'keyhash', ARGV[2])
            if not id then return {1, {}, {}, {}, {}} end
            local key = redis.call('HGETALL', prefix .. 'key:' .. id)
            local fields = {}
            for i = 1, #key, 2 do fields[key[i]] = key[i + 1] end
            local creator = redis.call('HGETALL', prefix .. 'user:' .. (fields['created_by'] or ''))
            local target = redis.call('HGETALL', prefix .. 'user:' .. ARGV[3])
            local revoked, expires = tonumber(fields['revoked_at'] or ''), tonumber(fields['expires_at'] or '')
            if (revoked and revoked <= now) or (expires and expires <= now) then
                return {1, key, creator, target, {}}
            end
            local limit = gatehouse_rate_limit(prefix .. 'rl:' .. ARGV[7] .. ':' .. id, tonumber(ARGV[5]),
                tonumber(ARGV[6]) * 1000, now)
            return {1, key, creator, target, limit}
            """, sha1: "c5c7b2a13c6edf2080020580fa76ac4aa64986a0")
}
