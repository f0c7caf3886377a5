import GatehouseCore
import Testing

/// Requests built from the route catalog, so a test calls every route (not a hand-picked list).
enum CatalogRequests {
    /// A concrete path for a route: tenant-like parameters (`org`, `tenant`, `tenantId`) are the
    /// given tenant, every other parameter a sample identifier.
    static func path(_ route: RouteDescription, tenant: String) -> String {
        route.pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{") && segment.hasSuffix("}") else { return String(segment) }
            let name = segment.dropFirst().dropLast().lowercased()
            return name == "org" || name.hasPrefix("tenant") ? tenant : "sample1"
        }.joined(separator: "/")
    }

    /// Calls a route at `base` with the fixture owner's key and, for methods with a body, `{}`, then
    /// records an issue unless the owning function answered in Gatehouse's terms: a JSON answer, not
    /// another function's `404 No route` (nor a 405), not a 500 ("misconfigured" above all).
    /// Returns the reply for further checks.
    @discardableResult
    static func expectOwnerAnswers(
        _ route: RouteDescription, base: String, fixture: GatehouseFixture, query: String = "", timeout: Int = 20,
        context: @autoclosure () -> String = ""
    ) throws -> WebServer.Reply {
        let path = self.path(route, tenant: fixture.tenant) + query
        let hasBody = !["GET", "DELETE"].contains(route.method)
        let reply = try WebServer.send(
            base: base, route.method, path,
            headers: ["Authorization: Bearer \(fixture.ownerKey.text)", "Content-Type: application/json"],
            body: hasBody ? "{}" : nil, timeout: timeout)
        let message = reply.json["error"]?["message"]?.stringValue ?? ""
        let described = "\(route.method) \(path) (\(route.function)) → \(reply.status) \(reply.body.prefix(300))"
        // The authorization endpoint's pages and the console answer in HTML (an error page for this
        // bogus request) or with a 303 (the console's to its sign-in page).
        let answersPages = [.oauthAuthorize, .oauthAuthorizeForm].contains(route.operation) || route.function == .console
        let isHTML = reply.headers["content-type"]?.hasPrefix("text/html") == true && reply.body.contains("<html")
        let isPage = answersPages && (isHTML || (reply.status == 303 && reply.headers["location"] != nil))
        #expect(reply.json != JSONValue.null || isPage, "not a Gatehouse answer: \(described) \(context())")
        #expect(!message.hasPrefix("No route") && reply.status != 405, "another function answered: \(described)")
        #expect(reply.status != 500 && !reply.body.contains("misconfigured"), "\(described) \(context())")
        return reply
    }
}
