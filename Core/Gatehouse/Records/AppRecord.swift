/// An app (seed 001): a sub-context of a tenant that keys may be bound to.
public struct AppRecord: Sendable, Equatable {
    public var id: String
    public var tenant: String
    public var name: String
    public var createdAt: Int64

    init?(fields: [String: String]) {
        guard let id = fields["id"], let tenant = fields["tenant"] else { return nil }
        self.id = id
        self.tenant = tenant
        self.name = fields["name"] ?? ""
        self.createdAt = Int64(fields["created_at"] ?? "") ?? 0
    }

    init(id: String, tenant: String, name: String, createdAt: Int64) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.createdAt = createdAt
    }

    var fields: [(String, String)] {
        [("id", id), ("tenant", tenant), ("name", name), ("created_at", String(createdAt))]
    }

    /// The public view.
    public var publicJSON: JSONObject {
        [
            "id": .string(id), "name": .string(name),
            "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
        ]
    }
}
