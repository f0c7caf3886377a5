/// A tenant as stored.
public struct TenantRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: Int64

    public init(id: String, name: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }

    init?(fields: [String: String]) {
        guard let id = fields["id"] else { return nil }
        self.init(id: id, name: fields["name"] ?? id, createdAt: Int64(fields["created_at"] ?? "") ?? 0)
    }

    var fields: [(String, String)] { [("id", id), ("name", name), ("created_at", String(createdAt))] }

    /// The public view: `{"id","name","created_at"}`.
    public var publicJSON: JSONObject {
        ["id": .string(id), "name": .string(name), "created_at": .string(Timestamp.iso8601(milliseconds: createdAt))]
    }
}
