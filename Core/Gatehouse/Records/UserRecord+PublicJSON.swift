extension UserRecord {
    /// The public view of a user.
    public var publicJSON: JSONObject {
        [
            "id": .string(id), "role": .string(role.rawValue), "status": .string(status.rawValue),
            "phone": phone.map(JSONValue.string) ?? .null, "is_test": .bool(isTest),
            "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
        ]
    }
}
