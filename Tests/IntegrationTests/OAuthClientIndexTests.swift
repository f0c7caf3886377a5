import Foundation
import GatehouseCore
import Testing

@Suite("GET /v1/oauth_clients pages from the tenant's sorted client index; deleted and expired clients drop out")
struct OAuthClientIndexTests {
    /// A client of `tenant` (registered by it, or openly registered when nil) created at `createdAt`.
    static func client(_ id: String, tenant: String?, createdAt: Int64) -> OAuthClient {
        OAuthClient(
            id: id, name: "C", redirectURIs: ["https://a.example/cb"], authMethod: .none, tenant: tenant,
            origin: tenant == nil ? .dynamic : .preRegistered, createdAt: createdAt)
    }

    /// Every page of the tenant's clients with `limit`: the client ids of each page.
    static func pages(_ fixture: GatehouseFixture, limit: Int) throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: String?
        repeat {
            let query = "limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try fixture.call("GET", "/v1/oauth_clients", key: fixture.ownerKey.text, query: query)
            #expect(response.status == 200, "?\(query): \(response.status)")
            let data = try #require(response.json["data"]?.arrayValue)
            #expect(data.count <= limit)
            pages.append(data.compactMap { $0["client_id"]?.stringValue })
            cursor = response.json["next"]?.stringValue
            #expect(pages.count <= 100, "the cursor does not advance")
        } while cursor != nil && pages.count <= 100
        return pages
    }

    static func id(_ number: Int) -> String { "mcp_" + String(format: "%024d", number) }

    @Test("1,200 clients (registered, and openly registered ones holding grants): every one once, in (created_at, id) order, a page reads limit records")
    func largeSet() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let redis = try server.client()
        var expected: [(Int64, String)] = []
        for number in 0..<1_200 {
            let dynamic = number % 5 == 0
            // Ties in creation time: ids break them.
            let made = Self.client(Self.id(number), tenant: dynamic ? nil : fixture.tenant, createdAt: Int64(1_000 + number / 3))
            try OAuthClientStore.store(made, idleLifetimeSeconds: dynamic ? 3_600 : nil, redis: redis)
            if dynamic { try OAuthClientStore.recordGrant(clientID: made.id, tenant: fixture.tenant, redis: redis) }
            expected.append((made.createdAt, made.id))
        }
        // An openly registered client with no login in this tenant is not its client.
        try OAuthClientStore.store(Self.client(Self.id(9_999), tenant: nil, createdAt: 1), idleLifetimeSeconds: 60, redis: redis)
        let listed = try Self.pages(fixture, limit: 100)
        #expect(listed.count == 12 && listed.allSatisfy { $0.count == 100 })
        #expect(listed.flatMap { $0 } == expected.sorted { $0 < $1 }.map(\.1), "not every client once in page order")

        _ = try redis.command(["CONFIG", "RESETSTAT"])
        let response = try fixture.call("GET", "/v1/oauth_clients", key: fixture.ownerKey.text, query: "limit=10")
        #expect(response.json["data"]?.arrayValue?.count == 10)
        let counts = try ListIndexTests.commandCounts(redis)
        #expect(counts["smembers"] == nil && counts["sunion"] == nil && counts["hmget"] == nil, "the whole list was read: \(counts)")
        #expect(counts["zrange"] == 1 && (counts["hgetall"] ?? 0) <= 10 + 6, "\(counts)")
    }

    @Test("deleted, revoked and expired clients leave the list and the index; an expired client's late grant joins nothing")
    func deletedAndExpired() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let redis = try server.client()
        let index = OAuthClientStore.index(tenant: fixture.tenant).key
        for number in 0..<6 {
            let dynamic = number >= 3
            try OAuthClientStore.store(
                Self.client(Self.id(number), tenant: dynamic ? nil : fixture.tenant, createdAt: Int64(number)),
                idleLifetimeSeconds: dynamic ? 3_600 : nil, redis: redis)
            if dynamic { try OAuthClientStore.recordGrant(clientID: Self.id(number), tenant: fixture.tenant, redis: redis) }
        }
        #expect(try Self.pages(fixture, limit: 4).flatMap { $0 } == (0..<6).map(Self.id))
        // Deleted by its registering tenant; a self-registered one revoked in this tenant.
        for number in [1, 4] {
            let answer = try fixture.call("DELETE", "/v1/oauth_clients/\(Self.id(number))", key: fixture.ownerKey.text)
            #expect(answer.status == 204)
        }
        // A record gone behind the index's back (expired or deleted elsewhere).
        _ = try redis.command(["DEL", .string(OAuthClientStore.recordKey(Self.id(5)))])
        #expect(try Self.pages(fixture, limit: 4).flatMap { $0 } == [0, 2, 3].map(Self.id))
        #expect(try redis.command(["ZCARD", .string(index)]).integerValue == 3, "the index kept gone clients")
        // An openly registered client that expired unused: a grant recorded afterwards lists nothing.
        try OAuthClientStore.store(Self.client(Self.id(7), tenant: nil, createdAt: 7), idleLifetimeSeconds: 1, redis: redis)
        _ = try redis.command(["PEXPIRE", .string(OAuthClientStore.recordKey(Self.id(7))), "1"])
        Thread.sleep(forTimeInterval: 0.05)
        try OAuthClientStore.recordGrant(clientID: Self.id(7), tenant: fixture.tenant, redis: redis)
        #expect(try Self.pages(fixture, limit: 4).flatMap { $0 } == [0, 2, 3].map(Self.id))
        #expect(try redis.command(["SISMEMBER", .string(OAuthClientStore.grantsKey(tenant: fixture.tenant)), .string(Self.id(7))]).integerValue == 0)
        #expect(try redis.command(["EXISTS", .string(OAuthClientStore.tenantsKey(Self.id(7)))]).integerValue == 0)
    }

    @Test("a tenant from before the index: built once on its first page from the sets and each client's created_at")
    func legacyTenant() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let redis = try server.client()
        let tenant = fixture.tenant
        for (number, time) in [(0, 30), (1, 10), (2, 20), (3, 10)] {
            let dynamic = number == 2
            try OAuthClientStore.store(
                Self.client(Self.id(number), tenant: dynamic ? nil : tenant, createdAt: Int64(time)),
                idleLifetimeSeconds: nil, redis: redis)
            if dynamic { try OAuthClientStore.recordGrant(clientID: Self.id(number), tenant: tenant, redis: redis) }
        }
        // As an older release left it: the sets (and an id whose record is gone), no index.
        _ = try redis.pipeline([
            ["DEL", .string(OAuthClientStore.index(tenant: tenant).key)],
            ["DEL", .string(OAuthClientStore.indexBuiltKey(tenant: tenant))],
            ["SADD", .string(OAuthClientStore.registeredKey(tenant: tenant)), .string(Self.id(8))],
        ])
        #expect(try Self.pages(fixture, limit: 3).flatMap { $0 } == [1, 3, 2, 0].map(Self.id))
        #expect(try redis.command(["ZCARD", .string(OAuthClientStore.index(tenant: tenant).key)]).integerValue == 4)
        #expect(try redis.command(["EXISTS", .string(OAuthClientStore.indexBuiltKey(tenant: tenant))]).integerValue == 1)
    }
}
