import Foundation
import GatehouseCore

/// One primary, one replica and three Redis Sentinels monitoring them as ``masterName``, every
/// process on a private 127.0.0.1 port, with a small `down-after-milliseconds` so that a failover
/// takes seconds.
final class RedisTestSentinels {
    /// The master name the sentinels monitor.
    static let masterName = "gatehouse"

    /// The node that was the primary at start.
    let primary: RedisTestServer
    /// The node that was its replica at start.
    let replica: RedisTestServer
    /// The three sentinels (quorum 2).
    let sentinels: [RedisTestServer]

    init(downAfterMilliseconds: Int = 1000) throws {
        let primary = try RedisTestServer(tcp: true)
        let replica = try RedisTestServer(
            tcp: true, arguments: ["--replicaof", "127.0.0.1", String(primary.tcpPort!)])
        self.primary = primary
        self.replica = replica
        try Self.waitUntil("the replica is in sync") {
            try replica.client().command(["INFO", "replication"]).stringValue?.contains("master_link_status:up")
                == true
        }
        let configuration = """
            sentinel monitor \(Self.masterName) 127.0.0.1 \(primary.tcpPort!) 2
            sentinel down-after-milliseconds \(Self.masterName) \(downAfterMilliseconds)
            sentinel failover-timeout \(Self.masterName) 5000
            sentinel parallel-syncs \(Self.masterName) 1

            """
        let sentinels = try (0..<3).map { _ in try RedisTestServer(sentinel: configuration) }
        self.sentinels = sentinels
        try Self.waitUntil("every sentinel knows the replica and the two other sentinels") {
            try sentinels.allSatisfy { sentinel in
                let fields = try Self.masterFields(sentinel)
                return fields["num-slaves"] == "1" && fields["num-other-sentinels"] == "2"
            }
        }
    }

    /// The `redis-sentinel://` URL of the three sentinels, for `master`.
    func url(master: String = RedisTestSentinels.masterName) -> String {
        "redis-sentinel://" + sentinels.map { "127.0.0.1:\($0.tcpPort!)" }.joined(separator: ",") + "/\(master)"
    }

    /// The port of the node the sentinels name as the primary now.
    func primaryPort() throws -> Int {
        let reply = try sentinels[0].client().command([
            "SENTINEL", "get-master-addr-by-name", .string(Self.masterName),
        ])
        return Int(reply.arrayValue?.last?.stringValue ?? "") ?? 0
    }

    /// Waits until the sentinels name a primary other than `port` and it answers as one.
    func waitForFailover(awayFrom port: Int, seconds: Double = 30) throws {
        try Self.waitUntil("the sentinels promote the replica", seconds: seconds) {
            let current = try self.primaryPort()
            guard current != port, let node = [self.primary, self.replica].first(where: { $0.tcpPort == current })
            else { return false }
            return try node.client().command(["ROLE"]).arrayValue?.first?.stringValue == "master"
        }
    }

    /// Connections the sentinels accepted so far (each `SENTINEL get-master-addr-by-name` of the
    /// client opens one; the sentinels' links to each other stay open).
    func connectionsReceived() throws -> Int {
        try sentinels.reduce(0) { total, sentinel in
            let info = try sentinel.client().command(["INFO", "stats"]).stringValue ?? ""
            let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_connections_received:") }
            // The INFO's own connection (over the unix socket) counts too.
            return total + (Int(line?.split(separator: ":").last ?? "") ?? 0) - 1
        }
    }

    private static func masterFields(_ sentinel: RedisTestServer) throws -> [String: String] {
        let reply = try sentinel.client().command(["SENTINEL", "master", .string(masterName)])
        let values = (reply.arrayValue ?? []).map { $0.stringValue ?? "" }
        var fields: [String: String] = [:]
        for position in stride(from: 0, to: values.count - 1, by: 2) { fields[values[position]] = values[position + 1] }
        return fields
    }

    private static func waitUntil(_ what: String, seconds: Double = 30, _ ready: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var lastError: (any Error)?
        while Date() < deadline {
            do {
                if try ready() { return }
            } catch {
                lastError = error
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw RedisTestServerError(
            message:
                "the sentinel test setup did not get ready in \(seconds) s: \(what) (\(String(describing: lastError)))")
    }
}
