import Foundation
import GatehouseCore
import Testing

/// A real three-node Redis Cluster (no replicas) on private TCP ports.
final class RedisTestCluster {
    let nodes: [RedisTestServer]

    init() throws {
        nodes = try (0..<3).map { _ in
            try RedisTestServer(cluster: true)
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
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let states = try nodes.map { try $0.client(tcp: true).command(["CLUSTER", "INFO"]).stringValue ?? "" }
            if states.allSatisfy({ $0.contains("cluster_state:ok") && $0.contains("cluster_known_nodes:3") }) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw RedisTestServerError(message: "the test cluster did not become ready in 15 s")
    }

    /// The seed-list URL with every node.
    var url: String { "redis-cluster://" + nodes.map { "127.0.0.1:\($0.tcpPort!)" }.joined(separator: ",") }

    /// The node that owns `key`'s slot: the one that does not answer MOVED.
    func owner(of key: String) throws -> RedisTestServer {
        for node in nodes {
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
