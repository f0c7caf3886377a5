import Foundation
import GatehouseCore
import Testing

@Suite("RateLimiter against redis-server")
struct RateLimiterTests {
    let server = RedisTestServer.shared

    @Test("remaining counts down and the (limit+1)th request is refused with Retry-After > 0 (server clock)")
    func countsDownThenRefuses() throws {
        let client = try server.client()
        let rule = RateLimitRule(name: "test", limit: 3, windowSeconds: 30)
        let key = RedisTestServer.uniqueKey("rl")
        var remaining: [Int] = []
        for _ in 0..<3 {
            let decision = try RateLimiter.check(rule, key: key, client: client)
            #expect(decision.allowed)
            #expect(decision.retryAfterSeconds == nil)
            #expect(decision.limit == 3)
            #expect((1...30).contains(decision.resetSeconds), "reset \(decision.resetSeconds)")
            remaining.append(decision.remaining)
        }
        #expect(remaining == [2, 1, 0])
        let refused = try RateLimiter.check(rule, key: key, client: client)
        #expect(!refused.allowed)
        #expect(refused.remaining == 0)
        let retryAfter = try #require(refused.retryAfterSeconds)
        #expect(retryAfter > 0 && retryAfter <= 30)
        // The caller's key, hash tag included, is the key used; it expires with the window.
        let ttl = try #require(try client.command(["PTTL", .string(key)]).integerValue)
        #expect(ttl > 0 && ttl <= 30_000)
    }

    @Test("with an injected clock the window resets exactly when it ends")
    func windowResetWithInjectedClock() throws {
        let client = try server.client()
        let rule = RateLimitRule(name: "test", limit: 2, windowSeconds: 10)
        let key = RedisTestServer.uniqueKey("rl-clock")
        let start: Int64 = 1_700_000_000_000
        func check(at offset: Int64) throws -> RateLimitDecision {
            try RateLimiter.check(rule, key: key, client: client, nowMilliseconds: start + offset)
        }
        #expect(
            try check(at: 0)
                == RateLimitDecision(allowed: true, limit: 2, remaining: 1, resetSeconds: 10, retryAfterSeconds: nil))
        #expect(
            try check(at: 4_000)
                == RateLimitDecision(allowed: true, limit: 2, remaining: 0, resetSeconds: 6, retryAfterSeconds: nil))
        #expect(
            try check(at: 9_999)
                == RateLimitDecision(allowed: false, limit: 2, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1))
        #expect(try check(at: 5_000).allowed == false, "a clock moved back must not reset the window")
        #expect(
            try check(at: 10_000)
                == RateLimitDecision(allowed: true, limit: 2, remaining: 1, resetSeconds: 10, retryAfterSeconds: nil))
        #expect(
            try check(at: 12_500)
                == RateLimitDecision(allowed: true, limit: 2, remaining: 0, resetSeconds: 8, retryAfterSeconds: nil))
        #expect(try check(at: 12_501).retryAfterSeconds == 8)
    }

    @Test("20 concurrent clients against a limit of 5: exactly 5 are allowed")
    func exactUnderConcurrency() throws {
        let url = server.url
        let rule = RateLimitRule(name: "test", limit: 5, windowSeconds: 60)
        let key = RedisTestServer.uniqueKey("rl-concurrent")
        let outcomes = Outcomes()
        let ready = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let workers = 20
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    // Each thread owns its client, connected before the start line.
                    let client = RedisClient(configuration: try RedisConfiguration(url: url))
                    _ = try client.command(["PING"])
                    ready.signal()
                    go.wait()
                    outcomes.record(.success(try RateLimiter.check(rule, key: key, client: client).allowed))
                } catch {
                    ready.signal()
                    outcomes.record(.failure(error))
                }
            }
            thread.start()
        }
        for _ in 0..<workers { ready.wait() }
        for _ in 0..<workers { go.signal() }
        #expect(done.wait(timeout: .now() + 20) == .success, "workers did not finish")

        let results = outcomes.all
        #expect(results.count == workers)
        let errors = results.compactMap { result -> String? in
            if case .failure(let error) = result { return String(describing: error) }
            return nil
        }
        #expect(errors.isEmpty, "workers failed: \(errors)")
        let allowed = results.filter { if case .success(true) = $0 { return true } else { return false } }.count
        #expect(allowed == 5, "\(allowed) of \(workers) concurrent requests were allowed at a limit of 5")
    }

    @Test("the limiter shares a round trip with other commands in a pipeline")
    func inPipeline() throws {
        let client = try server.client()
        let rule = RateLimitRule(name: "test", limit: 1, windowSeconds: 60)
        let key = RedisTestServer.uniqueKey("rl-pipe")
        let record = RedisTestServer.uniqueKey("record")
        _ = try client.command(["HSET", .string(record), "status", "active"])
        let replies = try client.pipeline([
            .command(["HGET", .string(record), "status"]),
            RateLimiter.command(for: rule, key: key),
            RateLimiter.command(for: rule, key: key),
        ])
        #expect(replies[0].stringValue == "active")
        #expect(try RateLimiter.decision(from: replies[1], rule: rule).allowed)
        #expect(try !RateLimiter.decision(from: replies[2], rule: rule).allowed)
        _ = try client.command(["DEL", .string(record), .string(key)])
    }

    @Test("a limit of 0 refuses every request")
    func zeroLimit() throws {
        let client = try server.client()
        let decision = try RateLimiter.check(
            RateLimitRule(name: "off", limit: 0, windowSeconds: 5), key: RedisTestServer.uniqueKey("rl-zero"),
            client: client)
        #expect(!decision.allowed)
        #expect(decision.remaining == 0)
        #expect(decision.retryAfterSeconds == 5)
    }
}

/// Results gathered from worker threads.
private final class Outcomes: @unchecked Sendable {
    // @unchecked: `results` is only touched under `lock`.
    private let lock = NSLock()
    private var results: [Result<Bool, any Error>] = []

    func record(_ result: Result<Bool, any Error>) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    var all: [Result<Bool, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
