import GatehouseCore
import Testing

@Suite("RateLimiter decisions without Redis")
struct RateLimitDecisionTests {
    let rule = RateLimitRule(name: "signin-ip", limit: 5, windowSeconds: 60)

    @Test("an allowed reply gives remaining and the reset rounded up, with no Retry-After")
    func allowed() throws {
        let decision = try RateLimiter.decision(from: .array([.integer(1), .integer(3), .integer(59_001)]), rule: rule)
        #expect(
            decision
                == RateLimitDecision(allowed: true, limit: 5, remaining: 3, resetSeconds: 60, retryAfterSeconds: nil))
    }

    @Test("a refused reply gives Retry-After of at least one second")
    func refused() throws {
        let soon = try RateLimiter.decision(from: .array([.integer(0), .integer(0), .integer(1)]), rule: rule)
        #expect(
            soon == RateLimitDecision(allowed: false, limit: 5, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1))
        let now = try RateLimiter.decision(from: .array([.integer(0), .integer(0), .integer(0)]), rule: rule)
        #expect(now.retryAfterSeconds == 1)
        #expect(now.resetSeconds == 0)
    }

    @Test("an error reply is a server error; a reply of another shape is a protocol error")
    func badReplies() {
        #expect(throws: RedisError.server("NOSCRIPT x")) {
            _ = try RateLimiter.decision(from: .error("NOSCRIPT x"), rule: rule)
        }
        for reply: RedisReply in [
            .null, .integer(1), .array([.integer(1), .integer(2)]), .array([.integer(1), .string([49]), .integer(3)]),
        ] {
            #expect(throws: RedisError.protocol("unexpected rate limiter reply")) {
                _ = try RateLimiter.decision(from: reply, rule: rule)
            }
        }
    }

    @Test("script arguments are limit, window in ms and the clock, empty for the server's TIME")
    func arguments() {
        #expect(RateLimiter.scriptArguments(for: rule) == [.integer(5), .integer(60_000), .string("")])
        #expect(
            RateLimiter.scriptArguments(for: rule, nowMilliseconds: 1_700_000_000_123) == [
                .integer(5), .integer(60_000), .integer(1_700_000_000_123),
            ])
        #expect(
            RateLimiter.command(for: rule, key: "rl:{t1}:ip")
                == .script(RateLimiter.script, keys: ["rl:{t1}:ip"], arguments: RateLimiter.scriptArguments(for: rule)))
    }

    @Test("a rule clamps a negative limit to 0 and a window below one second to 1")
    func clamping() {
        let rule = RateLimitRule(name: "x", limit: -3, windowSeconds: 0)
        #expect(rule.limit == 0)
        #expect(rule.windowSeconds == 1)
    }
}
