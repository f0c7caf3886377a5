/// A user of a tenant as stored.
public struct UserRecord: Sendable, Equatable {
    /// Whether the user may act.
    public enum Status: String, Sendable { case active, disabled }

    public var id: String
    public var tenant: String
    public var role: Role
    public var status: Status
    /// E.164 phone number, if the user signs in by OTP.
    public var phone: String?
    /// Test-mode data is seen only by test-mode keys.
    public var isTest: Bool
    public var createdAt: Int64

    public init(
        id: String, tenant: String, role: Role, status: Status = .active, phone: String? = nil, isTest: Bool = false,
        createdAt: Int64
    ) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.status = status
        self.phone = phone
        self.isTest = isTest
        self.createdAt = createdAt
    }

    /// A record from a Redis hash; nil when required fields are missing or invalid.
    init?(fields: [String: String]) {
        guard let id = fields["id"], let tenant = fields["tenant"], let role = fields["role"].flatMap(Role.init),
            let status = fields["status"].flatMap(Status.init)
        else { return nil }
        self.init(
            id: id, tenant: tenant, role: role, status: status,
            phone: fields["phone"].flatMap { $0.isEmpty ? nil : $0 },
            isTest: fields["is_test"] == "1", createdAt: Int64(fields["created_at"] ?? "") ?? 0)
    }

    var fields: [(String, String)] {
        [
            ("id", id), ("tenant", tenant), ("role", role.rawValue), ("status", status.rawValue),
            ("phone", phone ?? ""),
            ("is_test", isTest ? "1" : "0"), ("created_at", String(createdAt)),
        ]
    }
}
