import Foundation
import GatehouseCore
import Testing

@Suite("list pages come from a sorted index: O(log N + limit), same order and contents, built once for old data")
struct ListIndexTests {
    /// How often the server ran each command since the last `CONFIG RESETSTAT` (INFO commandstats).
    static func commandCounts(_ redis: RedisClient) throws -> [String: Int] {
        let info = try redis.command(["INFO", "commandstats"]).stringValue ?? ""
        var counts: [String: Int] = [:]
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_") {
            let name = line.dropFirst("cmdstat_".count).prefix { $0 != ":" }
            guard let calls = line.split(separator: "=").dropFirst().first?.split(separator: ",").first else { continue }
            counts[String(name)] = Int(calls) ?? 0
        }
        return counts
    }

    /// Makes records look like an older release left them: gives each its creation time, then
    /// drops the list's index (the hash and the id SET stay).
    static func makeLegacy(_ redis: RedisClient, _ index: ListIndex, times: [String: Int64]) throws {
        _ = try redis.pipeline(
            times.map { ["HSET", .string(index.recordPrefix + $0.key), "created_at", .string(String($0.value))] }
                + [["DEL", .string(index.key)]])
    }

    @Test("a page of a tenant with 400 apps reads limit records and no id SET, whatever the tenant holds")
    func pageCost() throws {
        let server = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: server.url)
        let redis = fixture.store.redisClient
        for index in 0..<400 {
            _ = try fixture.store.createApp(tenant: fixture.tenant, id: String(format: "app-%03d", index), name: "A")
        }
        func counts(limit: Int) throws -> [String: Int] {
            _ = try redis.command(["CONFIG", "RESETSTAT"])
            let response = try fixture.call("GET", "/v1/apps", key: fixture.ownerKey.text, query: "limit=\(limit)")
            #expect(response.json["data"]?.arrayValue?.count == limit)
            return try Self.commandCounts(redis)
        }
        let five = try counts(limit: 5)
        let fifteen = try counts(limit: 15)
        #expect(five["smembers"] == nil && five["hmget"] == nil, "the whole list was read: \(five)")
        #expect(five["zrange"] == 1, "\(five)")
        // The credential's snapshot may be one more hash; ten more records cost ten more reads.
        #expect((five["hgetall"] ?? 0) <= 6 && (fifteen["hgetall"] ?? 0) - (five["hgetall"] ?? 0) == 10, "\(five)")
    }

    @Test("records from before the index: built once on the first page, order by created_at then id, modes apart")
    func legacyMigration() throws {
        let fixture = try GatehouseFixture()
        let redis = fixture.store.redisClient
        let keys = TenantKeys(fixture.tenant)
        // Users with tied creation times, in both modes, as an older release left them (no index).
        let legacy: [(id: String, time: Int64, test: Bool)] = [
            ("u-b", 1_000, false), ("u-a", 1_000, false), ("u-c", 999, false), ("u-t1", 1_000, true),
            ("u-d", 2_000, false), ("u-t0", 5, true), ("u-e", 1_000, false),
        ]
        for user in legacy {
            try fixture.store.createUser(tenant: fixture.tenant, id: user.id, role: .viewer, isTest: user.test)
        }
        try Self.makeLegacy(redis, keys.userIndex, times: Dictionary(uniqueKeysWithValues: legacy.map { ($0.id, $0.time) }))
        let pages = try ListPaginationTests.pages(fixture, "/v1/users", limit: 2)
        let fixtureUsers = try fixture.store.users(tenant: fixture.tenant).filter { !$0.id.hasPrefix("u-") }.map(\.id)
        #expect(
            pages.flatMap { $0 } == ["u-c", "u-a", "u-b", "u-e", "u-d"] + fixtureUsers,
            "not (created_at, id) order, or the test users shown to a live key")
        #expect(try redis.command(["ZCARD", .string(keys.userIndex.key)]).integerValue == Int64(legacy.count + 4))
        // A test key sees the test users only, in order.
        let (_, testKey) = try fixture.makeKey(test: true)
        let testPage = try fixture.call("GET", "/v1/users", key: testKey.text, query: "limit=10")
        #expect(testPage.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["u-t0", "u-t1"])
    }

    @Test("a create on a tenant without the index builds it first, so older records stay listed")
    func createBuildsIndex() throws {
        let fixture = try GatehouseFixture()
        let redis = fixture.store.redisClient
        let keys = TenantKeys(fixture.tenant)
        for id in ["old-2", "old-1"] { _ = try fixture.store.createApp(tenant: fixture.tenant, id: id, name: "O") }
        try Self.makeLegacy(redis, keys.appIndex, times: ["old-1": 10, "old-2": 20])
        _ = try fixture.store.createApp(tenant: fixture.tenant, id: "new", name: "N")
        let apps = try ListPaginationTests.pages(fixture, "/v1/apps", limit: 2).flatMap { $0 }
        #expect(apps == ["old-1", "old-2", "new"])
        // An old key, a new key: newest first across the migration, on both sides of a cursor.
        let (old, _) = try fixture.makeKey()
        try Self.makeLegacy(redis, keys.keyIndex, times: [old.id: 1])
        let (made, _) = try fixture.makeKey()
        let listed = try ListPaginationTests.pages(fixture, "/v1/api_keys", limit: 1).flatMap { $0 }
        #expect(listed == [made.id, fixture.ownerKeyRecord.id, old.id])
    }

    @Test("a record gone from under the index is left out, and the cursor still walks the rest once")
    func deletedRecords() throws {
        let fixture = try GatehouseFixture()
        let redis = fixture.store.redisClient
        let keys = TenantKeys(fixture.tenant)
        for index in 0..<5 { _ = try fixture.store.createApp(tenant: fixture.tenant, id: "app-\(index)", name: "A") }
        _ = try redis.command(["DEL", .string(keys.app("app-2"))])
        let apps = try ListPaginationTests.pages(fixture, "/v1/apps", limit: 2).flatMap { $0 }
        #expect(apps == ["app-0", "app-1", "app-3", "app-4"])
    }
}
