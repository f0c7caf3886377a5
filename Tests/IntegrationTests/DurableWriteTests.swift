import Foundation
import GatehouseCore
import Testing

/// Revocations with `GATEHOUSE_REDIS_DURABLE_WRITES=replica`: they wait for a replica, so a
/// primary lost right after cannot take them along.
@Suite("Durable writes (WAIT 1) against a real Redis", .serialized)
struct DurableWriteTests {
    static let durable = ["GATEHOUSE_REDIS_DURABLE_WRITES": "replica"]

    static func revoke(_ id: String, by fixture: GatehouseFixture) -> APIRequest {
        APIRequest(
            method: "DELETE", path: "/v1/api_keys/\(id)", headers: ["x-api-key": fixture.ownerKey.text])
    }

    static func verify(_ key: APIKey) -> APIRequest {
        APIRequest(method: "GET", path: "/v1/verify", headers: ["x-api-key": key.text])
    }

    /// A 3+3 cluster, a tenant on it, an application with durable writes, its client, and a key to revoke.
    static func durableTenant(
        nodeTimeoutMilliseconds: Int
    ) throws -> (
        RedisTestCluster,
        (GatehouseFixture, Dispatcher, RedisClient, KeyRecord, APIKey)
    ) {
        let cluster = try RedisTestCluster(replicasPerPrimary: 1, nodeTimeoutMilliseconds: nodeTimeoutMilliseconds)
        let fixture = try GatehouseFixture(redisURL: cluster.url)
        let application = try fixture.application(Self.durable)
        let redis = RedisClient(configuration: application.configuration.redis)
        let (record, key) = try fixture.makeKey(scopes: "data:read")
        return (cluster, (fixture, application, redis, record, key))
    }

    @Test("a key revoked with durable writes, its primary killed at once: the key stays dead on the promoted replica")
    func revocationSurvivesFailover() throws {
        let (cluster, setup) = try Self.durableTenant(nodeTimeoutMilliseconds: 1000)
        let (fixture, application, redis, record, key) = setup
        #expect(application.handle(Self.verify(key), redis: redis).status == 200)

        let revoked = application.handle(Self.revoke(record.id, by: fixture), redis: redis)
        #expect((200..<300).contains(revoked.status), "revocation answered \(revoked.status)")
        try cluster.owner(of: TenantKeys(fixture.tenant).prefix).crash()

        let deadline = Date().addingTimeInterval(30)
        var status = 503
        while status == 503, Date() < deadline {
            let cold = RedisClient(configuration: application.configuration.redis)
            status = application.handle(Self.verify(key), redis: cold).status
            if status == 503 { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(status == 401, "the revoked key answered \(status) on the promoted replica")
        // The warm client's connection to the dead primary fails (its command may have run) with 503, then
        // recovers without a restart; on a loaded machine the other nodes' slot maps can take a few seconds
        // to name the promoted replica, so it may take more than one more request.
        var warm: [Int] = []
        let recovery = Date().addingTimeInterval(15)
        repeat {
            warm.append(application.handle(Self.verify(fixture.ownerKey), redis: redis).status)
            if warm.last == 503 { Thread.sleep(forTimeInterval: 0.1) }
        } while warm.last == 503 && Date() < recovery
        #expect(warm.last == 200, "the owner key after the failover: \(warm)")
        #expect(warm.dropLast().allSatisfy { $0 == 503 }, "only 503 before the recovery: \(warm)")
    }

    @Test("durable writes on a Redis without replicas: the revocation answers 503 NOREPLICAS; by default it succeeds")
    func noReplica() throws {
        let server = try RedisTestServer()  // not the shared one: under `infra/test --cluster` that has replicas
        let fixture = try GatehouseFixture(redisURL: server.url)
        let durable = try fixture.application(Self.durable)
        let redis = RedisClient(configuration: durable.configuration.redis)
        let (first, _) = try fixture.makeKey(scopes: "data:read")
        let refused = durable.handle(Self.revoke(first.id, by: fixture), redis: redis)
        #expect(refused.status == 503)
        #expect(refused.errorCode == "unavailable")
        #expect(refused.headers["Retry-After"] != nil)
        #expect(fixture.logs.text.contains("NOREPLICAS"))
        // Reads on a durable route's way still work, and routes outside the list never wait.
        #expect(durable.handle(Self.verify(fixture.ownerKey), redis: redis).status == 200)
        let (second, _) = try fixture.makeKey(scopes: "data:read")
        let plain = try fixture.application()
        let plainRedis = RedisClient(configuration: plain.configuration.redis)
        #expect((200..<300).contains(plain.handle(Self.revoke(second.id, by: fixture), redis: plainRedis).status))
    }

    @Test("the CLI's revocations are durable too: without a replica `key revoke` exits 69 NOREPLICAS, a list still works")
    func cliRevocationWaitsForReplica() throws {
        let server = try RedisTestServer()  // no replicas, whatever the shared Redis is
        let fixture = try GatehouseFixture(redisURL: server.url)
        let cli = BuiltProducts.path("gatehouse")
        let (record, _) = try fixture.makeKey(scopes: "data:read")
        let store = ["--tenant", fixture.tenant, "--redis-url", server.url, "--json"]
        let (refused, output) = try runTool(cli, ["key", "revoke", record.id] + store, environment: Self.durable)
        #expect(refused == 69, "key revoke with durable writes and no replica exited \(refused): \(output)")
        #expect(output.contains("NOREPLICAS"), "\(output)")
        let (listed, _) = try runTool(cli, ["key", "list"] + store, environment: Self.durable)
        #expect(listed == 0, "a read needs no replica")
        let (second, _) = try fixture.makeKey(scopes: "data:read")
        let (revoked, plain) = try runTool(cli, ["key", "revoke", second.id] + store)
        #expect(revoked == 0, "by default the revocation succeeds: \(plain)")
    }

    @Test("a replica that lags: the durable revocation answers 503, never 200 for a write only the primary holds")
    func laggingReplica() throws {
        let (cluster, setup) = try Self.durableTenant(nodeTimeoutMilliseconds: 5000)
        let (fixture, application, redis, record, _) = setup
        let primary = try cluster.owner(of: TenantKeys(fixture.tenant).prefix)
        let replicaPosition = try #require(cluster.nodes.firstIndex { $0 === primary }) + 3
        let replica = cluster.nodes[replicaPosition]
        let asleep = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            asleep.signal()
            _ = try? replica.client(commandTimeoutMilliseconds: 3000, tcp: true).command(["DEBUG", "SLEEP", "1"])
        }
        asleep.wait()
        Thread.sleep(forTimeInterval: 0.1)
        let response = application.handle(Self.revoke(record.id, by: fixture), redis: redis)
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] != nil)
    }
}
