
extension TenantStore {
    /// Creates a platform administrator who signs in by OTP on `phone` (E.164); 409 when the number
    /// or the id is taken.
    @discardableResult
    public func createPlatformAdmin(id: String? = nil, phone: String) throws -> PlatformAdminRecord {
        let adminID = id ?? Identifier.generate("adm")
        guard Identifier.isObjectID(adminID) else {
            throw GatehouseError.validation(
                "Administrator ids are 1-128 characters of A-Z, a-z, 0-9 and ._@+-", field: "id")
        }
        guard PhoneNumber.isE164(phone) else {
            throw GatehouseError.validation("The phone number must be in E.164 form, e.g. +15551234567", field: "phone")
        }
        let record = PlatformAdminRecord(id: adminID, phone: phone, createdAt: now())
        let owner = PhoneOwner.admin(id: adminID)
        try claimPhone(phone, for: owner)
        let keys = TenantKeys.platform
        let reply = try redisClient.evaluate(
            Self.createIfAbsent, keys: [.string(keys.admin(adminID)), .string(keys.admins)],
            arguments: record.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] } + [.string(adminID)])
        guard reply.integerValue == 1 else {
            try releasePhone(phone, for: owner)
            throw GatehouseError.conflict("Administrator \(adminID) already exists")
        }
        return record
    }

    /// The administrator, or nil.
    public func platformAdmin(_ id: String) throws -> PlatformAdminRecord? {
        guard Identifier.isObjectID(id) else { return nil }
        return PlatformAdminRecord(
            fields: try redisClient.command(["HGETALL", .string(TenantKeys.platform.admin(id))]).hashFields)
    }

    /// Every administrator, oldest first.
    public func platformAdmins() throws -> [PlatformAdminRecord] {
        let keys = TenantKeys.platform
        let ids =
            try redisClient.command(["SMEMBERS", .string(keys.admins)]).arrayValue?.compactMap(\.stringValue) ?? []
        guard !ids.isEmpty else { return [] }
        return try redisClient.pipeline(ids.map { ["HGETALL", .string(keys.admin($0))] })
            .compactMap { PlatformAdminRecord(fields: $0.hashFields) }.sorted { $0.createdAt < $1.createdAt }
    }

    /// Enables or disables an administrator; a disabled one can neither sign in nor refresh.
    public func setPlatformAdminStatus(_ id: String, _ status: UserRecord.Status) throws {
        guard try platformAdmin(id) != nil else { throw GatehouseError.notFound("Administrator not found") }
        _ = try redisClient.command([
            "HSET", .string(TenantKeys.platform.admin(id)), "status", .string(status.rawValue),
        ])
    }
}
