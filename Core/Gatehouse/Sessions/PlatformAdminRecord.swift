/// A platform administrator: a person who runs the Gatehouse deployment itself, outside every
/// tenant. Administrators are created only by the admin CLI (`gatehouse admin add --phone`), sign
/// in only by phone OTP, and their sessions are marked `admin`; admin-only routes accept nothing
/// else (SPEC §4 otp).
public struct PlatformAdminRecord: Sendable, Equatable {
    public var id: String
    /// The E.164 number the administrator signs in with.
    public var phone: String
    public var status: UserRecord.Status
    public var createdAt: Int64

    public init(id: String, phone: String, status: UserRecord.Status = .active, createdAt: Int64) {
        self.id = id
        self.phone = phone
        self.status = status
        self.createdAt = createdAt
    }

    init?(fields: [String: String]) {
        guard let id = fields["id"], let phone = fields["phone"],
            let status = fields["status"].flatMap(UserRecord.Status.init)
        else { return nil }
        self.init(id: id, phone: phone, status: status, createdAt: Int64(fields["created_at"] ?? "") ?? 0)
    }

    var fields: [(String, String)] {
        [
            ("id", id), ("phone", phone), ("status", status.rawValue), ("created_at", String(createdAt)),
            ("kind", "admin"),
        ]
    }

    /// The public view.
    public var publicJSON: JSONObject {
        [
            "id": .string(id), "type": "platform_admin", "phone": .string(phone),
            "created_at": .string(Timestamp.iso8601(milliseconds: createdAt)),
        ]
    }
}
