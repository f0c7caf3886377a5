/// The store side of sign-in: at most two round trips (SPEC §4, §8).
///
/// Routes that name the tenant spend one: a single script reads the tenant, finds the key by the
/// hash of the presented secret, counts the request against the key's limit when the key is
/// usable, and reads the key's creator and the target user. Routes that name no tenant first read
/// the global hash index to learn it. The script also appends the attempt's audit record to the
/// tenant's stream (SPEC §6): the same decision as ``SigninPolicy/decide(presented:presentedKeyID:lookup:now:)``,
/// with its status, so no decision exists without its record. Nothing else is written for a secret
/// that matches no usable key.
public enum SigninStore {
    /// The sign-in limit of seed 000: 5 requests a minute per key.
    public static let rule = RateLimitRule(name: "signin", limit: 5, windowSeconds: 60)

    /// Reads what a sign-in needs and records the attempt; `tenant` nil means the tenant comes from
    /// the key. `audit` is the request's record, completed by the script; a lookup whose tenant is
    /// unknown records nothing (``SigninLookup/recorded`` is false).
    public static func lookup(
        tenant: String?, presented: APIKey, presentedKeyID: String?, userID: String, audit: AuditEvent, now: Int64,
        redis: RedisClient, rule: RateLimitRule = rule
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
        var audit = audit
        audit.tenant = tenantID
        let reply = try redis.evaluate(
            script, keys: [.string(keys.tenantRecord)],
            arguments: [
                .string(keys.prefix), .string(presented.hashHex), .string(userID), .string(String(now)),
                .string(String(rule.limit)), .string(String(rule.windowSeconds)), .string(rule.name),
                .string(presentedKeyID ?? ""), presented.isTest ? "1" : "0",
            ] + AuditLog.scriptArguments(audit))
        return try decode(reply, rule: rule)
    }

    static func decode(_ reply: RedisReply, rule: RateLimitRule) throws -> SigninLookup {
        guard let items = reply.arrayValue, items.count == 5, let tenantExists = items[0].integerValue else {
            throw GatehouseError.internal
        }
        var lookup = SigninLookup(tenantExists: tenantExists == 1)
        lookup.recorded = lookup.tenantExists
        lookup.key = KeyRecord(fields: items[1].hashFields)
        lookup.creator = UserRecord(fields: items[2].hashFields)
        lookup.target = UserRecord(fields: items[3].hashFields)
        if items[4].arrayValue?.isEmpty == false {
            lookup.rateLimit = try RateLimiter.decision(from: items[4], rule: rule)
        }
        return lookup
    }

    /// KEYS[1] tenant record. ARGV: tenant prefix, secret hash, user id, now (ms), limit,
    /// window (s), rule name, presented key id or '', presented key is test ('1'/'0'), then the
    /// audit record's name/value pairs. Returns {tenant exists, key, creator, target, limiter reply
    /// or {}}; appends the record (status and outcome as ``SigninPolicy`` decides) when the tenant
    /// exists.
    static let script = RedisScript(
        RateLimiter.luaFunction + AuditLog.luaFunction + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0, {}, {}, {}, {}} end
            local prefix, now = ARGV[1], tonumber(ARGV[4])
            local function map(raw)
              local fields = {}
              for i = 1, #raw, 2 do fields[raw[i]] = raw[i + 1] end
              return fields
            end
            local function finish(reply, status, outcome, record)
              record['status'] = tostring(status)
              record['outcome'] = outcome
              gatehouse_audit(prefix .. 'audit', ARGV, 10, record)
              return reply
            end
            local id = redis.call('HGET', prefix .. 'keyhash', ARGV[2])
            if not id then return finish({1, {}, {}, {}, {}}, 401, 'auth_failed', {}) end
            local key = redis.call('HGETALL', prefix .. 'key:' .. id)
            local fields = map(key)
            local record = {key_id = id, key_prefix = fields['prefix'] or '',
              legacy_mode = fields['scope_mode'] == 'legacy' and 'true' or 'false'}
            local creator = redis.call('HGETALL', prefix .. 'user:' .. (fields['created_by'] or ''))
            local target = redis.call('HGETALL', prefix .. 'user:' .. ARGV[3])
            local revoked, expires = tonumber(fields['revoked_at'] or ''), tonumber(fields['expires_at'] or '')
            if (revoked and revoked <= now) or (expires and expires <= now) then
              return finish({1, key, creator, target, {}}, 401, 'auth_failed', record)
            end
            local limit = gatehouse_rate_limit(prefix .. 'rl:' .. ARGV[7] .. ':' .. id, tonumber(ARGV[5]),
                tonumber(ARGV[6]) * 1000, now)
            local reply = {1, key, creator, target, limit}
            local isTest = fields['is_test'] == '1'
            local c, t = map(creator), map(target)
            if (ARGV[8] ~= '' and ARGV[8] ~= id) or isTest ~= (ARGV[9] == '1') or c['status'] ~= 'active' then
              return finish(reply, 401, 'auth_failed', record)
            end
            if limit[1] == 0 then return finish(reply, 429, 'denied', record) end
            if not t['id'] or (t['is_test'] == '1') ~= isTest then return finish(reply, 401, 'denied', record) end
            if t['status'] ~= 'active' then return finish(reply, 403, 'denied', record) end
            local rank = {viewer = 0, editor = 1, admin = 2, owner = 3}
            if (rank[t['role']] or 4) > (rank[c['role']] or -1) then return finish(reply, 403, 'denied', record) end
            record['subject'] = t['id']
            record['subject_type'] = 'user'
            return finish(reply, 200, 'success', record)
            """, sha1: "fdaea3f1fd62acee950b1d0ce3551cd3fad298ca")
}
