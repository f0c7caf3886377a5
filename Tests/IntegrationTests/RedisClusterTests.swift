import Foundation
import GatehouseCore
import Testing

/// A real Redis Cluster on private TCP ports: three primaries (slots 0–5460, 5461–10922,
/// 10923–16383), each with `replicasPerPrimary` replicas.
final class RedisTestCluster {
    /// Every node: the primaries first, then the replicas (replica `i` follows primary `i % 3`).
    let nodes: [RedisTestServer]
    /// The nodes that were primaries at start.
    var primaries: ArraySlice<RedisTestServer> { nodes.prefix(3) }

    /// - Parameters:
    ///   - replicasPerPrimary: replicas of each primary (0: three nodes).
    ///   - nodeTimeoutMilliseconds: `cluster-node-timeout`; small, so a failover takes seconds.
    init(replicasPerPrimary: Int = 0, nodeTimeoutMilliseconds: Int = 15000) throws {
        let options = [
            "--cluster-node-timeout", String(nodeTimeoutMilliseconds), "--cluster-replica-validity-factor", "0",
            "--enable-debug-command", "yes",
        ]
        nodes = try (0..<(3 * (1 + replicasPerPrimary))).map { _ in
            try RedisTestServer(cluster: true, arguments: options)
        }
        let ranges = [(0, 5460), (5461, 10922), (10923, 16383)]
        for (node, range) in zip(nodes, ranges) {
            _ = try node.client(tcp: true).command([
                "CLUSTER", "ADDSLOTSRANGE", RedisArgument(range.0), RedisArgument(range.1),
            ])
        }
        let first = try nodes[0].client(tcp: true)
        for node in nodes.dropFirst() {
            _ = try first.command([
                "CLUSTER", "MEET", "127.0.0.1", RedisArgument(node.tcpPort!), RedisArgument(node.clusterBusPort!),
            ])
        }
        try waitUntil("every node knows every other") { node in
            try node.client(tcp: true).command(["CLUSTER", "INFO"]).stringValue?
                .contains("cluster_known_nodes:\(nodes.count)") == true
        }
        let primaryIDs = try primaries.map { try $0.client(tcp: true).command(["CLUSTER", "MYID"]).stringValue ?? "" }
        for (position, replica) in nodes.dropFirst(3).enumerated() {
            _ = try replica.client(tcp: true).command(["CLUSTER", "REPLICATE", .string(primaryIDs[position % 3])])
        }
        try waitUntil("the cluster is ok and every replica in sync") { node in
            let client = try node.client(tcp: true)
            let state = try client.command(["CLUSTER", "INFO"]).stringValue ?? ""
            let replication = try client.command(["INFO", "replication"]).stringValue ?? ""
            return state.contains("cluster_state:ok")
                && (replication.contains("role:master") || replication.contains("master_link_status:up"))
        }
    }

    private func waitUntil(_ what: String, _ ready: (RedisTestServer) throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if try nodes.allSatisfy(ready) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw RedisTestServerError(message: "the test cluster did not get ready in 20 s: \(what)")
    }

    /// The seed-list URL with every node.
    var url: String { "redis-cluster://" + nodes.map { "127.0.0.1:\($0.tcpPort!)" }.joined(separator: ",") }

    /// Waits until `primary`'s replicas have acknowledged every write it took, so a failover that
    /// follows loses none of the fixture (replication is asynchronous: a write made just before a
    /// crash may otherwise be missing on the replica that takes over).
    func replicated(_ primary: RedisTestServer) throws {
        let acknowledged = try primary.client(tcp: true).command(["WAIT", 1, 10000]).integerValue ?? 0
        guard acknowledged >= 1 else {
            throw RedisTestServerError(message: "no replica acknowledged the primary's writes within 10 s")
        }
    }

    /// The primary that owns `key`'s slot: the one that does not answer MOVED.
    func owner(of key: String) throws -> RedisTestServer {
        for node in nodes where node.isRunning {
            let reply = try node.client(tcp: true).pipeline([["EXISTS", .string(key)]])[0]
            if reply.errorMessage?.hasPrefix("MOVED") != true { return node }
        }
        throw RedisTestServerError(message: "no node owns \(key)")
    }
}

@Suite("RedisClient against a 3-node Redis Cluster", .serialized)
struct RedisClusterTests {
    @Test("commands, pipelines and scripts follow MOVED to whichever node owns each hash tag")
    func followsMoved() throws {
        let cluster = try RedisTestCluster()
        let client = RedisClient(configuration: try RedisConfiguration(url: cluster.url))
        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        var owners: Set<Int> = []
        for tag in 0..<12 {
            let key = "gh:{tenant-\(tag)}:counter"
            owners.insert(try cluster.owner(of: key).tcpPort!)
            #expect(try client.command(["SET", .string(key), "10"]) == .status("OK"))
            let replies = try client.pipeline([
                .command(["GET", .string(key)]),
                .script(script, keys: [.string(key)], arguments: [5]),
                .command(["GET", .string(key)]),
            ])
            #expect(replies == [.string(Array("10".utf8)), .integer(15), .string(Array("15".utf8))], "tag \(tag)")
            #expect(try client.evaluate(script, keys: [.string(key)], arguments: [1]) == .integer(16))
            let decision = try RateLimiter.check(
                RateLimitRule(name: "c", limit: 1, windowSeconds: 60), key: "rl:{tenant-\(tag)}", client: client)
            #expect(decision.allowed)
        }
        #expect(owners.count == 3, "the test keys did not spread over every node")
    }

    @Test("a script whose keys span hash slots is refused with CROSSSLOT on one Redis as on a cluster, and never runs")
    func scriptKeysShareOneSlot() throws {
        let script = RedisScript("redis.call('SET', KEYS[1], 'x') return redis.call('SET', KEYS[2], 'y')")
        let tag = UUID().uuidString.prefix(8)
        let (first, second) = ("test:{\(tag)-a}:one", "test:{\(tag)-b}:two")
        let cluster = try RedisTestCluster()
        for client in [
            try RedisTestServer.shared.client(), RedisClient(configuration: try RedisConfiguration(url: cluster.url)),
        ] {
            #expect {
                try client.evaluate(script, keys: [.string(first), .string(second)], arguments: [])
            } throws: { error in
                (error as? RedisError)?.errorClass == "CROSSSLOT"
            }
            #expect(try client.command(["EXISTS", .string(first)]) == .integer(0))
            #expect(
                try client.evaluate(script, keys: [.string(first), .string(first + "{x}")], arguments: [])
                    == .status("OK"))
        }
    }

    @Test("during a slot migration, ASK sends the command to the importing node after ASKING")
    func followsAsk() throws {
        let cluster = try RedisTestCluster()
        let key = "gh:{migrating}:value"
        let source = try cluster.owner(of: key)
        let target = try #require(cluster.nodes.first { $0 !== source })
        let sourceClient = try source.client(tcp: true)
        let targetClient = try target.client(tcp: true)
        let slot = try #require(try sourceClient.command(["CLUSTER", "KEYSLOT", .string(key)]).integerValue)
        let sourceID = try #require(try sourceClient.command(["CLUSTER", "MYID"]).stringValue)
        let targetID = try #require(try targetClient.command(["CLUSTER", "MYID"]).stringValue)
        _ = try targetClient.command(["CLUSTER", "SETSLOT", .integer(slot), "IMPORTING", .string(sourceID)])
        _ = try sourceClient.command(["CLUSTER", "SETSLOT", .integer(slot), "MIGRATING", .string(targetID)])

        let client = RedisClient(configuration: try RedisConfiguration(url: cluster.url))
        // The key is not on the migrating source, so the source answers ASK for it.
        #expect(try client.command(["SET", .string(key), "moved-in"]) == .status("OK"))
        #expect(try client.command(["GET", .string(key)]).stringValue == "moved-in")
        // It landed on the importing node, which serves it only after ASKING.
        let direct = try targetClient.pipeline([["ASKING"], ["GET", .string(key)]])
        #expect(direct[1].stringValue == "moved-in")
        #expect(try sourceClient.pipeline([["EXISTS", .string(key)]])[0].errorMessage?.hasPrefix("ASK") == true)
    }
}
