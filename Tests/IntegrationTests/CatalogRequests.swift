import GatehouseCore

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
}
