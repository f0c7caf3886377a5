import Foundation
import GatehouseCore
import Testing

@Suite("list routes are paginated with a cursor and a limit, like GET /v1/audit")
struct ListPaginationTests {
    /// Follows `next` from the first page to the last and returns every page's ids.
    static func pages(
        _ fixture: GatehouseFixture, _ path: String, limit: Int, clock: TestClock? = nil
    ) throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: String?
        repeat {
            var query = "limit=\(limit)"
            if let cursor { query += "&cursor=\(cursor)" }
            let response = try fixture.call("GET", path, key: fixture.ownerKey.text, query: query)
            #expect(response.status == 200, "\(path)?\(query): \(response.status)")
            let data = try #require(response.json["data"]?.arrayValue)
            #expect(data.count <= limit)
            pages.append(data.compactMap { $0["id"]?.stringValue })
            cursor = response.json["next"]?.stringValue
            #expect(cursor != nil || response.json["next"] == .null, "no next member")
            #expect(pages.count < 20, "the cursor does not advance")
        } while cursor != nil && pages.count < 20
        return pages
    }

    @Test("GET /v1/api_keys: pages of at most limit, newest first, every key exactly once")
    func keys() throws {
        let fixture = try GatehouseFixture()
        for _ in 0..<6 { _ = try fixture.makeKey() }
        let all = try fixture.store.keys(tenant: fixture.tenant).sorted {
            ($0.createdAt, $0.id) > ($1.createdAt, $1.id)
        }
        .map(\.id)
        let pages = try Self.pages(fixture, "/v1/api_keys", limit: 3)
        #expect(pages.map(\.count) == [3, 3, 1])
        #expect(pages.flatMap { $0 } == all, "not newest first, or a key missing or repeated")
    }

    @Test("GET /v1/users and GET /v1/apps: pages in creation order, each record once")
    func usersAndApps() throws {
        let fixture = try GatehouseFixture()
        for index in 0..<3 { _ = try fixture.store.createApp(tenant: fixture.tenant, id: "app-\(index)", name: "A") }
        for index in 0..<3 { _ = try fixture.store.createUser(tenant: fixture.tenant, id: "u-\(index)", role: .viewer) }
        let users = try Self.pages(fixture, "/v1/users", limit: 2).flatMap { $0 }
        let expected = try fixture.store.users(tenant: fixture.tenant).map(\.id)
        #expect(users.count == 7 && users == expected)
        let apps = try Self.pages(fixture, "/v1/apps", limit: 2)
        #expect(apps.count == 2 && Set(apps.flatMap { $0 }) == ["app-0", "app-1", "app-2"])
    }

    @Test("GET /v1/agents: pages in creation order, each agent once, revoked ones left out")
    func agents() throws {
        let fixture = try GatehouseFixture()
        var ids: [String] = []
        for index in 0..<5 {
            let (agent, _) = try fixture.store.createAgent(
                tenant: fixture.tenant, name: "agent-\(index)", ownerID: "owner", scopes: ScopeSet(parsing: "data:read")!)
            ids.append(agent.id)
        }
        let response = try fixture.call("DELETE", "/v1/agents/\(ids[2])", key: fixture.ownerKey.text)
        #expect(response.status == 200 || response.status == 204, "\(response.status)")
        let pages = try Self.pages(fixture, "/v1/agents", limit: 2)
        #expect(pages.count == 3, "\(pages)")
        // Agents made in the same millisecond are ordered by id, so compare as a set without repeats.
        let listed = pages.flatMap { $0 }
        #expect(listed.count == 4 && Set(listed) == Set(ids.enumerated().filter { $0.offset != 2 }.map(\.element)))
    }

    @Test("a bad limit or cursor is 422 naming the field; no limit means 100")
    func refusals() throws {
        let fixture = try GatehouseFixture()
        for (query, field) in [
            ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=x", "limit"), ("cursor=nonsense", "cursor"),
            ("cursor=12.%0A", "cursor"),
        ] {
            let response = try fixture.call("GET", "/v1/api_keys", key: fixture.ownerKey.text, query: query)
            #expect(response.status == 422, "\(query)")
            #expect(response.json["error"]?["details"]?["field"]?.stringValue == field, "\(query)")
        }
        let unbounded = try fixture.call("GET", "/v1/users", key: fixture.ownerKey.text)
        #expect(unbounded.json["data"]?.arrayValue?.count == 4 && unbounded.json["next"] == .null)
    }
}
