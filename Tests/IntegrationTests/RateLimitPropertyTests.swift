import GatehouseCore
import Testing

/// The limiter script against redis-server on seeded random request times (injected clock): its
/// decisions equal a fixed-window model, counters are exact, and decisions are monotone in time.
@Suite("RateLimiter properties against redis-server (seeded)")
struct RateLimitPropertyTests {
    let server = RedisTestServer.shared

    /// A 64-bit linear congruential generator: the same request times on every run.
    struct Times: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    @Test("decisions equal the fixed-window model; within a window a refusal is never followed by an allowance")
    func monotoneAndExact() throws {
        let client = try server.client()
        var random = Times(state: 0x726C_6D74)
        for round in 0..<40 {
            let rule = RateLimitRule(
                name: "prop", limit: Int.random(in: 1...6, using: &random), windowSeconds: Int.random(in: 1...5, using: &random))
            let key = RedisTestServer.uniqueKey("rl-prop-\(round)")
            let window = Int64(rule.windowSeconds) * 1000
            var now: Int64 = 1_700_000_000_000 + Int64(round) * 1_000_000
            var model = (start: Int64.min, count: 0)
            var refusedInWindow = false
            for _ in 0..<30 {
                now += Int64.random(in: 0...(window / 2), using: &random)
                let decision = try RateLimiter.check(rule, key: key, client: client, nowMilliseconds: now)
                // The key's expiry runs on the server's clock, which this test's clock outpaces: keep the
                // key so the window is judged by the injected clock alone (expiry is tested on its own).
                _ = try client.command(["PERSIST", .string(key)])
                if model.start == .min || now >= model.start + window {
                    model = (now, 0)
                    refusedInWindow = false
                }
                let allowed = model.count < rule.limit
                if allowed { model.count += 1 }
                let context = "round \(round), limit \(rule.limit)/\(rule.windowSeconds)s, t=\(now - model.start) ms"
                #expect(decision.allowed == allowed, "\(context)")
                #expect(decision.remaining == rule.limit - model.count, "\(context)")
                let untilEnd = model.start + window - now
                #expect(decision.resetSeconds == Int((untilEnd + 999) / 1000), "\(context)")
                #expect(!(refusedInWindow && decision.allowed), "allowed after a refusal in one window: \(context)")
                if !decision.allowed {
                    refusedInWindow = true
                    let retryAfter = try #require(decision.retryAfterSeconds)
                    #expect(Int64(retryAfter) * 1000 >= untilEnd, "Retry-After ends before the window: \(context)")
                }
                let stored = try client.command(["HGET", .string(key), "n"])
                #expect(stored.stringValue.flatMap { Int($0) } == model.count, "stored counter: \(context)")
            }
        }
    }
}
