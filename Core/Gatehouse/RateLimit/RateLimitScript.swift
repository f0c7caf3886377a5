extension RateLimiter {
    /// The fixed-window limiter as one Lua script, so that counting and deciding are one atomic step.
    ///
    /// `KEYS[1]`: the counter (a hash `s` = window start in ms, `n` = requests allowed in it).
    /// `ARGV[1]`: the limit. `ARGV[2]`: the window in ms. `ARGV[3]`: the time in ms since the epoch,
    /// or an empty string for the Redis server's clock (`TIME`).
    ///
    /// A window opens at the first request after the previous one ended. A refused request does not
    /// count. If the clock reads earlier than the window start (a test clock moved back), the window
    /// is kept, never reset. The key expires when its window ends.
    ///
    /// Returns `{allowed (1 or 0), remaining, milliseconds until the window ends}`.
    static let source =
        luaFunction + """

            return gatehouse_rate_limit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
            """

    /// The limiter as a Lua function `gatehouse_rate_limit(key, limit, window_ms, now_ms_or_nil)`,
    /// for scripts that must count a request in the same atomic step as their own reads (sign-in
    /// counts only requests whose key is usable).
    public static let luaFunction = """
        local function gatehouse_rate_limit(key, limit, window, now)
        if not now then
          local time = redis.call('TIME')
          now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        end
        local state = redis.call('HMGET', key, 's', 'n')
        local start = tonumber(state[1])
        local count = tonumber(state[2])
        if not start or not count or now >= start + window then
          start = now
          count = 0
        end
        local allowed = 0
        if count < limit then
          count = count + 1
          allowed = 1
          redis.call('HSET', key, 's', string.format('%d', start), 'n', count)
          redis.call('PEXPIRE', key, start + window - now)
        end
        return {allowed, limit - count, start + window - now}
        end
        """
}
