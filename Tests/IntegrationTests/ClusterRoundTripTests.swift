import Foundation
import GatehouseCore
import Testing

/// Round trips a cold function spends on a Redis Cluster, counted by the nodes themselves.
@Suite("Round trips on a Redis Cluster", .serialized)
struct ClusterRoundTripTests {
    /// `GET`, `EVALSHA` and `EVAL` calls the cluster's nodes served or redirected (`MOVED`) while
    /// `request` was handled by a fresh client: the sign-in's round trips.
    static func roundTrips(
        _ request: APIRequest, application: Dispatcher, cluster: RedisTestCluster
    ) throws -> Int {
        for node in cluster.nodes { _ = try node.client(tcp: true).command(["CONFIG", "RESETSTAT"]) }
        let cold = RedisClient(configuration: application.configuration.redis)
        #expect(application.handle(request, redis: cold).status == 200)
        var total = 0
        for node in cluster.nodes {
            let info = try node.client(tcp: true).command(["INFO", "commandstats"]).stringValue ?? ""
            for line in info.split(whereSeparator: \.isNewline)
            where ["cmdstat_get:", "cmdstat_evalsha:", "cmdstat_eval:"].contains(where: line.hasPrefix) {
                for field in line.split(separator: ":")[1].split(separator: ",") {
                    let parts = field.split(separator: "=")
                    if ["calls", "rejected_calls"].contains(parts[0]) { total += Int(parts[1]) ?? 0 }
                }
            }
        }
        return total
    }

    @Test(
        "with GATEHOUSE_REDIS_SLOT_MAP_FILE a cold sign-in spends the round trips of one Redis (1 naming the tenant, 2 not)"
    )
    func coldSignin() throws {
        let cluster = try RedisTestCluster()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("slots-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        // Tenants on every node, so that a seed answers MOVED for most of them without the map.
        let fixtures = try (0..<6).map { _ in try GatehouseFixture(redisURL: cluster.url) }
        let cached = try fixtures[0].application(["GATEHOUSE_REDIS_SLOT_MAP_FILE": file])
        let uncached = try fixtures[0].application()
        var withoutMap = 0
        for fixture in fixtures {
            let named = SigninRequest.seed000(
                org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer")
            let unnamed = SigninRequest.seed004(tenant: nil, key: fixture.ownerKey.text, userID: "viewer")
            withoutMap += try Self.roundTrips(named, application: uncached, cluster: cluster)
            _ = try Self.roundTrips(named, application: cached, cluster: cluster)  // writes the file, loads the scripts
            #expect(FileManager.default.fileExists(atPath: file))
            #expect(try Self.roundTrips(named, application: cached, cluster: cluster) == 1, "tenant \(fixture.tenant)")
            #expect(
                try Self.roundTrips(unnamed, application: cached, cluster: cluster) == 2, "tenant \(fixture.tenant)")
        }
        #expect(withoutMap > fixtures.count, "without the file no sign-in needed a MOVED detour")
        print(
            "cold sign-in round trips on the cluster: 1 with the slot map file; \(withoutMap) for \(fixtures.count) without"
        )
    }
}
