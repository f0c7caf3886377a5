import Foundation
import GatehouseCore
import Testing

/// What one round of requests answered while Redis failed over.
struct FailoverRound {
    var statuses: [Int] = []
    var missingRetryAfter = 0
    var slowest: Duration = .zero

    mutating func record(_ response: APIResponse, since started: ContinuousClock.Instant) {
        record(response.status, retryAfter: response.headers["Retry-After"], since: started)
    }

    mutating func record(_ status: Int, retryAfter: String?, since started: ContinuousClock.Instant) {
        slowest = max(slowest, ContinuousClock.now - started)
        statuses.append(status)
        if status == 503 && retryAfter == nil { missingRetryAfter += 1 }
    }

    var allSucceeded: Bool { statuses.allSatisfy { (200..<300).contains($0) } }
}

/// Rounds of requests from a failure on, until three in a row succeed (or 30 s pass); each round is
/// expected to answer every 503 with `Retry-After` and no request to take 2 s.
struct FailoverRecovery {
    /// From the failure to the first of the three good rounds; nil when they never came.
    var window: Duration?
    /// Answers other than 2xx, by status.
    var failures: [Int: Int] = [:]
    /// Every request sent.
    var requests = 0

    static func measure(
        since start: ContinuousClock.Instant, _ round: () throws -> FailoverRound
    ) rethrows -> FailoverRecovery {
        var recovery = FailoverRecovery()
        var consecutiveGood = 0
        while ContinuousClock.now - start < .seconds(30), consecutiveGood < 3 {
            let round = try round()
            recovery.requests += round.statuses.count
            #expect(round.missingRetryAfter == 0, "503 without Retry-After")
            #expect(round.slowest < .seconds(2), "a request hung for \(round.slowest)")
            for status in round.statuses where !(200..<300).contains(status) {
                recovery.failures[status, default: 0] += 1
            }
            if round.allSucceeded {
                if consecutiveGood == 0 { recovery.window = ContinuousClock.now - start }
                consecutiveGood += 1
            } else {
                consecutiveGood = 0
                recovery.window = nil
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return recovery
    }
}
