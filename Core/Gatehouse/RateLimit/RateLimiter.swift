/// An atomic fixed-window rate limiter in Redis: one Lua script, so N concurrent requests against a
/// limit of L let exactly L through per window (SPEC §6).
///
/// A window opens at a subject's first request and lasts ``RateLimitRule/windowSeconds``; refused
/// requests are not counted. Like every fixed window, up to 2 × limit requests can pass across a
/// window boundary.
///
/// The key is the caller's full Redis key and should carry the request's hash tag
/// (`ratelimit:{tenant}:signin:ip:…`) so it lives in the same cluster slot as the request's other
/// keys. To save a round trip, put ``command(for:key:nowMilliseconds:)`` into a pipeline and read the
/// reply with ``decision(from:rule:)``; ``check(_:key:client:nowMilliseconds:)`` does both.
public enum RateLimiter {
    /// The limiter's script (`EVALSHA`, loaded on first use).
    public static let script = RedisScript(source)

    /// `ARGV` for ``script``: limit, window in ms, and the clock (empty for the Redis server's `TIME`).
    ///
    /// - Parameter nowMilliseconds: a test clock in ms since the epoch; nil uses the server's clock.
    public static func scriptArguments(for rule: RateLimitRule, nowMilliseconds: Int64? = nil) -> [RedisArgument] {
        [
            RedisArgument(rule.limit), RedisArgument(Int64(rule.windowSeconds) * 1000),
            nowMilliseconds.map { .integer($0) } ?? "",
        ]
    }

    /// The script evaluation as a pipeline element.
    public static func command(for rule: RateLimitRule, key: String, nowMilliseconds: Int64? = nil) -> RedisCommand {
        .script(script, keys: [.string(key)], arguments: scriptArguments(for: rule, nowMilliseconds: nowMilliseconds))
    }

    /// Reads the script's reply.
    ///
    /// - Throws: ``RedisError`` of kind ``RedisError/Kind/server`` for an error reply, or
    ///   ``RedisError/Kind/protocol`` for a reply that is not the script's.
    public static func decision(from reply: RedisReply, rule: RateLimitRule) throws(RedisError) -> RateLimitDecision {
        if case .error(let message) = reply { throw .server(message) }
        guard let values = reply.arrayValue, values.count == 3,
            let allowed = values[0].integerValue, let remaining = values[1].integerValue,
            let resetMilliseconds = values[2].integerValue
        else { throw .protocol("unexpected rate limiter reply") }
        let resetSeconds = Int(max(0, (resetMilliseconds + 999) / 1000))
        return RateLimitDecision(
            allowed: allowed == 1,
            limit: rule.limit,
            remaining: Int(max(0, remaining)),
            resetSeconds: resetSeconds,
            retryAfterSeconds: allowed == 1 ? nil : max(1, resetSeconds)
        )
    }

    /// Counts one request against `rule` for `key` and decides, in one round trip.
    ///
    /// - Parameters:
    ///   - key: the full Redis key, with the caller's hash tag.
    ///   - nowMilliseconds: a test clock in ms since the epoch; nil uses the Redis server's clock.
    /// - Throws: ``RedisError`` when Redis cannot be used: the caller must fail closed (503).
    public static func check(
        _ rule: RateLimitRule,
        key: String,
        client: RedisClient,
        nowMilliseconds: Int64? = nil
    ) throws(RedisError) -> RateLimitDecision {
        let reply = try client.pipeline([command(for: rule, key: key, nowMilliseconds: nowMilliseconds)])[0]
        return try decision(from: reply, rule: rule)
    }
}
