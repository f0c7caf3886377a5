/// The OTP state of each phone number in Redis: every step is one Lua script on the keys of that
/// number (``PhoneKeys``), so counters are exact under any concurrency.
public enum OTPStore {
    /// Counts a send, applies the lock, the cooldown and the hourly limit, and for a known number
    /// replaces any live code with `digest`. The same limits apply to unknown numbers, so their
    /// answers cannot be told apart.
    public static func send(
        phone: String, digest: String, limits: OTPLimits, now: Int64, redis: RedisClient
    ) throws -> OTPSendResult {
        let keys = PhoneKeys(phone)
        let reply = try redis.evaluate(
            sendScript, keys: [.string(keys.owner)],
            arguments: [
                .string(keys.prefix), .integer(now), .integer(Int64(limits.resendCooldownSeconds) * 1000),
                .integer(Int64(limits.sendsPerHour)), .integer(3_600_000), .string(digest),
                .integer(Int64(limits.codeLifetimeSeconds) * 1000),
            ])
        return try decodeSend(reply)
    }

    /// Removes a stored code that could not be delivered (if it is still that code) and lifts the
    /// cooldown, so that no usable code is left behind and the person may ask again at once.
    public static func discard(phone: String, digest: String, redis: RedisClient) throws {
        let keys = PhoneKeys(phone)
        _ = try redis.evaluate(
            discardScript, keys: [.string(keys.owner)], arguments: [.string(keys.prefix), .string(digest)])
    }

    /// Checks a presented code's HMAC: spends the code when right; counts a wrong attempt (burning
    /// the code at the limit) and a consecutive failure (locking at the threshold) when not.
    public static func verify(
        phone: String, digest: String, limits: OTPLimits, now: Int64, redis: RedisClient
    ) throws -> OTPVerifyResult {
        let keys = PhoneKeys(phone)
        let reply = try redis.evaluate(
            verifyScript, keys: [.string(keys.owner)],
            arguments: [
                .string(keys.prefix), .integer(now), .string(digest), .integer(Int64(limits.attemptsPerCode)),
                .integer(Int64(limits.failuresBeforeLock)), .integer(Int64(limits.lockSeconds) * 1000),
                .integer(86_400_000),
            ])
        return try decodeVerify(reply)
    }

    /// Reads the send script's reply `{outcome, value}`.
    public static func decodeSend(_ reply: RedisReply) throws -> OTPSendResult {
        guard let items = reply.arrayValue, items.count == 2, let outcome = items[0].stringValue else {
            throw RedisError.protocol("unexpected otp send reply")
        }
        let milliseconds = max(1, items[1].integerValue ?? 1)
        switch outcome {
        case "locked": return .locked(milliseconds)
        case "cooldown": return .cooldown(milliseconds)
        case "hourly": return .hourlyLimit(milliseconds)
        case "unknown": return .unknownPhone
        case "stored":
            // An index entry that cannot be read is treated as no owner: nothing is sent.
            return items[1].stringValue.flatMap(PhoneOwner.init(stored:)).map(OTPSendResult.stored) ?? .unknownPhone
        default: throw RedisError.protocol("unexpected otp send outcome")
        }
    }

    /// Reads the verify script's reply `{outcome, value}`.
    public static func decodeVerify(_ reply: RedisReply) throws -> OTPVerifyResult {
        guard let items = reply.arrayValue, items.count == 2, let outcome = items[0].stringValue else {
            throw RedisError.protocol("unexpected otp verify reply")
        }
        switch outcome {
        case "locked": return .locked(max(1, items[1].integerValue ?? 1))
        case "ok":
            return items[1].stringValue.flatMap(PhoneOwner.init(stored:)).map(OTPVerifyResult.verified) ?? .failed
        case "no_code", "expired", "wrong", "no_owner": return .failed
        default: throw RedisError.protocol("unexpected otp verify outcome")
        }
    }

    /// KEYS[1] owner index. ARGV: prefix, now, cooldown ms, sends per hour, hour ms, digest, code ms.
    static let sendScript = RedisScript(
        RateLimiter.luaFunction + """

            local p, now = ARGV[1], tonumber(ARGV[2])
            local lock = redis.call('PTTL', p .. 'lock')
            if lock > 0 then return {'locked', lock} end
            local cooldown = redis.call('PTTL', p .. 'cooldown')
            if cooldown > 0 then return {'cooldown', cooldown} end
            local limit = gatehouse_rate_limit(p .. 'sends', tonumber(ARGV[4]), tonumber(ARGV[5]), now)
            if limit[1] == 0 then return {'hourly', limit[3]} end
            redis.call('SET', p .. 'cooldown', '1', 'PX', ARGV[3])
            local owner = redis.call('GET', KEYS[1])
            if not owner then return {'unknown', 0} end
            redis.call('DEL', p .. 'otp')
            redis.call('HSET', p .. 'otp', 'h', ARGV[6], 'exp', string.format('%d', now + tonumber(ARGV[7])), 'tries', 0)
            redis.call('PEXPIRE', p .. 'otp', ARGV[7])
            return {'stored', owner}
            """)

    /// KEYS[1] owner index. ARGV: prefix, digest.
    static let discardScript = RedisScript(
        """
        local p = ARGV[1]
        if redis.call('HGET', p .. 'otp', 'h') == ARGV[2] then redis.call('DEL', p .. 'otp') end
        redis.call('DEL', p .. 'cooldown')
        return 1
        """)

    /// KEYS[1] owner index. ARGV: prefix, now, digest, attempts per code, failures before lock,
    /// lock ms, failure-counter ms. The digests are keyed HMACs: an attacker cannot compute the
    /// one a guess would need, so comparing them here leaks nothing usable (and Lua compares
    /// interned strings by identity).
    static let verifyScript = RedisScript(
        """
        local p, now = ARGV[1], tonumber(ARGV[2])
        local lock = redis.call('PTTL', p .. 'lock')
        if lock > 0 then return {'locked', lock} end
        local function fail(kind)
          local count = redis.call('INCR', p .. 'fail')
          redis.call('PEXPIRE', p .. 'fail', ARGV[7])
          if count >= tonumber(ARGV[5]) then
            redis.call('SET', p .. 'lock', '1', 'PX', ARGV[6])
            redis.call('DEL', p .. 'fail', p .. 'otp')
            return {'locked', tonumber(ARGV[6])}
          end
          return {kind, count}
        end
        local code = redis.call('HMGET', p .. 'otp', 'h', 'exp')
        if not code[1] then return fail('no_code') end
        if tonumber(code[2]) <= now then
          redis.call('DEL', p .. 'otp')
          return fail('expired')
        end
        if code[1] == ARGV[3] then
          redis.call('DEL', p .. 'otp', p .. 'fail')
          local owner = redis.call('GET', KEYS[1])
          if not owner then return {'no_owner', 0} end
          return {'ok', owner}
        end
        if redis.call('HINCRBY', p .. 'otp', 'tries', 1) >= tonumber(ARGV[4]) then redis.call('DEL', p .. 'otp') end
        return fail('wrong')
        """)
}
