/// `GET /v1/audit?since=&limit=` (`audit:read`).
public enum AuditRoutes {
    /// The handler of the audit route (served by the `keys` function, as ``RouteCatalog`` says).
    public static let handlers: RouteHandlers = [.listAudit: list]

    static func list(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let principal = try context.requirePrincipal()
        guard let items = request.queryItems else { throw GatehouseError.invalidRequest("Malformed query string") }
        var since: String?
        var limit = 100
        for item in items {
            switch item.name {
            case "since":
                guard let id = AuditLog.streamID(since: item.value) else {
                    throw GatehouseError.validation(
                        "since must be a stream id, Unix milliseconds or ISO 8601", field: "since")
                }
                since = id
            case "limit":
                guard let value = Int(item.value), (1...1000).contains(value) else {
                    throw GatehouseError.validation("limit must be from 1 to 1000", field: "limit")
                }
                limit = value
            default: continue
            }
        }
        let entries = try AuditLog.read(tenant: principal.tenantID, since: since, limit: limit, redis: context.redis)
        let data = entries.map { JSONValue.object(AuditEvent.json(id: $0.id, fields: $0.fields)) }
        return .json(200, ["data": .array(data), "next": entries.last.map { .string($0.id) } ?? .null])
    }
}
