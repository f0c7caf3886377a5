/// Users, agents, platform credentials, apps and key slots.
extension TenantStore {
    // MARK: Users

    /// Every user of a tenant, oldest first.
    public func users(tenant: String) throws -> [UserRecord] {
        let keys = TenantKeys(tenant)
        return try indexedRecords(keys.users, record: keys.user).compactMap(UserRecord.init(fields:)).sorted {
            ($0.createdAt, $0.id) < ($1.createdAt, $1.id)
        }
    }

    /// The fields of every record an index set names (two round trips: the set, then one pipeline).
    func indexedRecords(_ set: String, record key: (String) -> String) throws -> [[String: String]] {
        let ids = try redis.command(["SMEMBERS", .string(set)]).arrayValue?.compactMap(\.stringValue) ?? []
        guard !ids.isEmpty else { return [] }
        return try redis.pipeline(ids.map { ["HGETALL", .string(key($0))] }).map(\.hashFields)
    }

    /// Changes a user's role; the user's keys follow at once. 404 for an unknown user.
    public func setUserRole(tenant: String, id: String, _ role: Role) throws {
        guard try user(tenant: tenant, id: id) != nil else { throw GatehouseError.notFound("User not found") }
        try propagateCreator(tenant: tenant, id: id, field: "creator_role", value: role.rawValue)
        _ = try redis.command(["HSET", .string(TenantKeys(tenant).user(id)), "role", .string(role.rawValue)])
    }

    // MARK: Agents

    /// Creates an agent and its key; the key is returned once and never stored.
    public func createAgent(
        tenant: String, name: String, ownerID: String?, scopes: ScopeSet, isTest: Bool = false
    ) throws -> (record: AgentRecord, secret: APIKey) {
        guard try self.tenant(tenant) != nil else { throw GatehouseError.notFound("Tenant not found") }
        if let ownerID, try user(tenant: tenant, id: ownerID) == nil {
            throw GatehouseError.validation("owner_id names no user of this tenant", field: "owner_id")
        }
        let secret = APIKey.generate(.agentKey, test: isTest)
        let record = AgentRecord(
            id: Identifier.generate("agt"), tenant: tenant, name: name, ownerID: ownerID, hashHex: secret.hashHex,
            prefix: secret.displayPrefix, scopes: scopes, isTest: isTest, createdAt: now())
        let keys = TenantKeys(tenant)
        _ = try createListed(
            keys.agentIndex, id: record.id, createdAt: record.createdAt, isTest: isTest, fields: record.fields)
        try writeSnapshot(record.snapshot)
        return (record, secret)
    }

    /// Every live (not deleted) agent of a tenant, oldest first.
    public func agents(tenant: String) throws -> [AgentRecord] {
        let keys = TenantKeys(tenant)
        return try indexedRecords(keys.agents, record: keys.agent).compactMap(AgentRecord.init(fields:))
            .filter { $0.revokedAt == nil }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// The agent, or nil.
    public func agent(tenant: String, id: String) throws -> AgentRecord? {
        guard Identifier.isTenant(tenant), Identifier.isObjectID(id) else { return nil }
        return AgentRecord(fields: try redis.command(["HGETALL", .string(TenantKeys(tenant).agent(id))]).hashFields)
    }

    /// Deletes an agent: its key stops working at once. 404 for an unknown or deleted agent.
    public func deleteAgent(tenant: String, id: String) throws {
        guard let record = try agent(tenant: tenant, id: id), record.revokedAt == nil else {
            throw GatehouseError.notFound("Agent not found")
        }
        try setRevokedAt(now(), hashHex: record.hashHex, record: TenantKeys(tenant).agent(id))
    }

    /// Gives an agent a new key; the old one stops working at once.
    public func rotateAgentKey(tenant: String, id: String) throws -> (record: AgentRecord, secret: APIKey) {
        guard var record = try agent(tenant: tenant, id: id), record.revokedAt == nil else {
            throw GatehouseError.notFound("Agent not found")
        }
        let old = record.hashHex
        let secret = APIKey.generate(.agentKey, test: record.isTest)
        record.hashHex = secret.hashHex
        record.prefix = secret.displayPrefix
        _ = try redis.command(["HSET", .string(CredentialKeys(old).snapshot), "revoked_at", .string(String(now()))])
        try writeSnapshot(record.snapshot)
        _ = try redis.command(
            ["HSET", .string(TenantKeys(tenant).agent(id))]
                + record.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] })
        return (record, secret)
    }

    // MARK: Platform credentials

    /// Creates a platform credential (`plt_…` id and `sk_live_…` secret, shown once).
    public func createPlatformCredential(
        tenant: String, name: String, scopes: ScopeSet = ScopeSet(parsing: "*")!
    ) throws -> (record: PlatformRecord, secret: APIKey) {
        guard try self.tenant(tenant) != nil else { throw GatehouseError.notFound("Tenant not found") }
        let secret = APIKey.generate(.platformSecret)
        let record = PlatformRecord(
            id: Identifier.generate("plt"), tenant: tenant, name: name, hashHex: secret.hashHex,
            prefix: secret.displayPrefix, scopes: scopes, createdAt: now())
        let keys = TenantKeys(tenant)
        _ = try redis.evaluate(
            Self.createIfAbsent, keys: [.string(keys.platform(record.id)), .string(keys.platforms)],
            arguments: record.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] } + [.string(record.id)])
        try writeSnapshot(record.snapshot)
        return (record, secret)
    }

    /// The platform credentials of a tenant (never their secrets).
    public func platformCredentials(tenant: String) throws -> [PlatformRecord] {
        let keys = TenantKeys(tenant)
        let ids = try redis.command(["SMEMBERS", .string(keys.platforms)]).arrayValue?.compactMap(\.stringValue) ?? []
        guard !ids.isEmpty else { return [] }
        return try redis.pipeline(ids.map { ["HGETALL", .string(keys.platform($0))] })
            .compactMap { PlatformRecord(fields: $0.hashFields) }.sorted { $0.createdAt < $1.createdAt }
    }

    /// Revokes a platform credential at once; 404 when unknown.
    public func revokePlatformCredential(tenant: String, id: String) throws {
        guard Identifier.isObjectID(id),
            let record = PlatformRecord(
                fields: try redis.command(["HGETALL", .string(TenantKeys(tenant).platform(id))]).hashFields)
        else { throw GatehouseError.notFound("Platform credential not found") }
        try setRevokedAt(now(), hashHex: record.hashHex, record: TenantKeys(tenant).platform(id))
    }

    // MARK: Apps

    /// Creates an app; 409 for a taken id.
    public func createApp(tenant: String, id: String? = nil, name: String) throws -> AppRecord {
        let appID = id ?? Identifier.generate("app")
        guard Identifier.isObjectID(appID) else {
            throw GatehouseError.validation("App ids are 1-128 characters of A-Z, a-z, 0-9 and ._@+-", field: "id")
        }
        let record = AppRecord(id: appID, tenant: tenant, name: name, createdAt: now())
        let keys = TenantKeys(tenant)
        guard try createListed(keys.appIndex, id: appID, createdAt: record.createdAt, isTest: false, fields: record.fields)
        else { throw GatehouseError.conflict("App \(appID) already exists") }
        return record
    }

    /// The app, or nil.
    public func app(tenant: String, id: String) throws -> AppRecord? {
        guard Identifier.isTenant(tenant), Identifier.isObjectID(id) else { return nil }
        return AppRecord(fields: try redis.command(["HGETALL", .string(TenantKeys(tenant).app(id))]).hashFields)
    }

    /// Every app of a tenant.
    public func apps(tenant: String) throws -> [AppRecord] {
        let keys = TenantKeys(tenant)
        let ids = try redis.command(["SMEMBERS", .string(keys.apps)]).arrayValue?.compactMap(\.stringValue) ?? []
        guard !ids.isEmpty else { return [] }
        return try redis.pipeline(ids.map { ["HGETALL", .string(keys.app($0))] })
            .compactMap { AppRecord(fields: $0.hashFields) }.sorted { $0.createdAt < $1.createdAt }
    }

    // MARK: API key rotation and slots

    /// Mints a key with the same scopes, mode, app, limit and creator as `id`, and lets the old
    /// one work until `graceMilliseconds` from now (0: stops at once).
    public func rotateAPIKey(
        tenant: String, id: String, graceMilliseconds: Int64
    ) throws -> (old: KeyRecord, record: KeyRecord, secret: APIKey) {
        guard let old = try key(tenant: tenant, id: id), old.isUsable(at: now()) else {
            throw GatehouseError.notFound("API key not found")
        }
        let prepared = try prepareAPIKey(
            tenant: tenant, createdBy: old.createdBy, name: old.name, scopes: old.scopes, scopeMode: old.scopeMode,
            expiresAt: old.expiresAt, isTest: old.isTest, appID: old.appID, rateLimitPerMinute: old.rateLimitPerMinute)
        var record = prepared.record
        let rotatedAt = record.createdAt
        record.rotatedAt = rotatedAt
        record.rotatedFrom = old.id
        let key = PreparedAPIKey(record: record, secret: prepared.secret, creator: prepared.creator)
        try store(key)
        let until = now() + graceMilliseconds
        var updated = old
        updated.revokedAt = min(until, old.revokedAt ?? until)
        updated.rotatedAt = rotatedAt
        try setRevokedAt(
            updated.revokedAt!, hashHex: old.hashHex, record: TenantKeys(tenant).key(id), rotatedAt: rotatedAt)
        return (updated, key.record, key.secret)
    }

    /// The key ids in the primary and secondary slots.
    public func keySlots(tenant: String) throws -> [String: String] {
        try redis.command(["HGETALL", .string(TenantKeys(tenant).keySlots)]).hashFields
    }

    /// Puts a new key in a slot (`primary` or `secondary`) and revokes the slot's previous key at
    /// once; the other slot is untouched (seed 004).
    public func regenerateSlot(
        tenant: String, slot: String, createdBy: String, scopes: ScopeSet, isTest: Bool = false
    ) throws -> (record: KeyRecord, secret: APIKey) {
        let previous = try keySlots(tenant: tenant)[slot]
        let (record, secret) = try createAPIKey(
            tenant: tenant, createdBy: createdBy, name: "\(slot) key", scopes: scopes, isTest: isTest)
        _ = try redis.command(["HSET", .string(TenantKeys(tenant).keySlots), .string(slot), .string(record.id)])
        if let previous, previous != record.id, try key(tenant: tenant, id: previous) != nil {
            try revokeKey(tenant: tenant, id: previous)
        }
        return (record, secret)
    }
}
