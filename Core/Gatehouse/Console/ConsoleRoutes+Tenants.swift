extension ConsoleRoutes {
    /// `GET /console/tenants?cursor=`: a platform administrator's tenants page, read through the
    /// same store call as `GET /v1/admin/tenants` (the dispatcher admits administrators' sessions
    /// only, and audits the call in the platform's stream).
    static func tenants(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let admin = try context.requirePlatformAdmin()
        let asked = try PageRequest.parse(request)
        let (records, next) = try context.store.tenantPage(
            PageRequest(cursor: asked.cursor, limit: ConsoleTenantsPage.pageSize))
        return ConsoleTenantsPage(page: page, admin: admin, records: records, next: next).response()
    }
}
