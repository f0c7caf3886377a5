/// Reads and writes tenants, users and API keys in Redis: what the admin CLI, the bootstrap and
/// the management routes use. Request hot paths use their own single-round-trip scripts.
public struct TenantStore {
    let redis: RedisClient
    let now: () -> Int64

    /// The connection the store uses.
    public var redisClient: RedisClient { redis }

    /// A store over a Redis client; `now` gives Unix milliseconds.
    public init(redis: RedisClient, now: @escaping () -> Int64 = SystemAccess.currentTimeMilliseconds) {
        self.redis = redis
        self.now = now
    }

    // MARK: Tenants

    /// Creates a tenant and lists it in the directory platform administrators read
    /// (``listInDirectory(_:)``); 409 if the id is taken, 422 if it is not a valid tenant id.
    @discardableResult
    public func createTenant(id: String, name: String? = nil) throws -> TenantRecord {
        guard Identifier.isTenant(id) else {
            throw GatehouseError.validation("Tenant ids are 1-63 characters of a-z, 0-9, - and _", field: "tenant")
        }
        let record = TenantRecord(id: id, name: name ?? id, createdAt: now())
        let keys = TenantKeys(id)
        let reply = try redis.evaluate(
            Self.createIfAbsent, keys: [.string(keys.tenantRecord)],
            arguments: record.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] })
        guard reply.integerValue == 1 else { throw GatehouseError.conflict("Tenant \(id) already exists") }
        try listInDirectory(record)
        return record
    }

    /// The tenant, or nil.
    public func tenant(_ id: String) throws -> TenantRecord? {
        guard Identifier.isTenant(id) else { return nil }
        return TenantRecord(fields: try redis.command(["HGETALL", .string(TenantKeys(id).tenantRecord)]).hashFields)
    }

    // MARK: Users

    /// Adds a user to an existing tenant; 404 for an unknown tenant, 409 for a taken id or for a
    /// phone number that another user (of any tenant) or a platform administrator already has,
    /// 422 for a phone number that is not E.164.
    ///
    /// The phone number is claimed in the global phone index first (it routes OTP sign-in to this
    /// user), then the user is written, then the tenant's phone index; a failed user write
    /// releases the claim.
    @discardableResult
    public func createUser(
        tenant: String, id: String? = nil, role: Role, phone: String? = nil, isTest: Bool = false
    ) throws -> UserRecord {
        let userID = id ?? Identifier.generate("usr")
        guard Identifier.isObjectID(userID) else {
            throw GatehouseError.validation("User ids are 1-128 characters of A-Z, a-z, 0-9 and ._@+-", field: "id")
        }
        if let phone, !PhoneNumber.isE164(phone) {
            throw GatehouseError.validation("The phone number must be in E.164 form, e.g. +15551234567", field: "phone")
        }
        guard try self.tenant(tenant) != nil else { throw GatehouseError.notFound("Tenant not found") }
        let record = UserRecord(id: userID, tenant: tenant, role: role, phone: phone, isTest: isTest, createdAt: now())
        let keys = TenantKeys(tenant)
        let owner = PhoneOwner.user(tenant: tenant, id: userID)
        if let phone { try claimPhone(phone, for: owner) }
        let created: Bool
        do {
            created = try createListed(
                keys.userIndex, id: userID, createdAt: record.createdAt, isTest: isTest, fields: record.fields)
        } catch {
            if let phone { try? releasePhone(phone, for: owner) }
            throw error
        }
        guard created else {
            if let phone { try releasePhone(phone, for: owner) }
            throw GatehouseError.conflict("User \(userID) already exists")
        }
        if let phone { _ = try redis.command(["HSET", .string(keys.phones), .string(phone), .string(userID)]) }
        return record
    }

    /// The user, or nil.
    public func user(tenant: String, id: String) throws -> UserRecord? {
        guard Identifier.isTenant(tenant), Identifier.isObjectID(id) else { return nil }
        return UserRecord(fields: try redis.command(["HGETALL", .string(TenantKeys(tenant).user(id))]).hashFields)
    }

    /// Sets a user's status (enable or disable); 404 for an unknown user.
    public func setUserStatus(tenant: String, id: String, _ status: UserRecord.Status) throws {
        guard try user(tenant: tenant, id: id) != nil else { throw GatehouseError.notFound("User not found") }
        _ = try redis.command(["HSET", .string(TenantKeys(tenant).user(id)), "status", .string(status.rawValue)])
        try propagateCreator(tenant: tenant, id: id, field: "creator_status", value: status.rawValue)
    }

    /// Copies a change of a user's role or status into the snapshot of every key the user created.
    func propagateCreator(tenant: String, id: String, field: String, value: String) throws {
        let hashes =
            try redis.command(["SMEMBERS", .string(TenantKeys(tenant).userKeys(id))]).arrayValue?.compactMap(
                \.stringValue) ?? []
        guard !hashes.isEmpty else { return }
        _ = try redis.pipeline(
            hashes.map { ["HSET", .string(CredentialKeys($0).snapshot), .string(field), .string(value)] })
    }

    // MARK: API keys

    /// Creates an API key for a user of the tenant and returns its record and the secret, which
    /// is never stored and cannot be shown again.
    public func createAPIKey(
        tenant: String, createdBy: String, name: String, scopes: ScopeSet, scopeMode: ScopeMode = .strict,
        expiresAt: Int64? = nil, isTest: Bool = false, appID: String? = nil, rateLimitPerMinute: Int? = nil
    ) throws -> (record: KeyRecord, secret: APIKey) {
        let key = try prepareAPIKey(
            tenant: tenant, createdBy: createdBy, name: name, scopes: scopes, scopeMode: scopeMode,
            expiresAt: expiresAt, isTest: isTest, appID: appID, rateLimitPerMinute: rateLimitPerMinute)
        try store(key)
        return (key.record, key.secret)
    }

    /// A new API key for a user of the tenant, checked and generated but not yet written
    /// (``store(_:idempotency:)`` writes it): 404 for an unknown creator, 403 for a disabled one.
    public func prepareAPIKey(
        tenant: String, createdBy: String, name: String, scopes: ScopeSet, scopeMode: ScopeMode = .strict,
        expiresAt: Int64? = nil, isTest: Bool = false, appID: String? = nil, rateLimitPerMinute: Int? = nil
    ) throws -> PreparedAPIKey {
        guard let creator = try user(tenant: tenant, id: createdBy) else {
            throw GatehouseError.notFound("User \(createdBy) not found in tenant \(tenant)")
        }
        guard creator.status == .active else {
            throw GatehouseError.forbidden("The key's creator is disabled", reason: "user_disabled")
        }
        let secret = APIKey.generate(.apiKey, test: isTest)
        let record = KeyRecord(
            id: Identifier.generate("key"), tenant: tenant, name: name, hashHex: secret.hashHex,
            prefix: secret.displayPrefix, createdBy: createdBy, scopes: scopes, scopeMode: scopeMode,
            createdAt: now(), expiresAt: expiresAt, isTest: isTest, appID: appID, rateLimitPerMinute: rateLimitPerMinute
        )
        return PreparedAPIKey(record: record, secret: secret, creator: creator)
    }

    /// Writes a prepared key: its authentication snapshot and global hash index first, then — in
    /// one script in the tenant's slot — its record, its indexes and, when given, the completed
    /// idempotency record. So a reply lost after that script leaves the key and its replayable
    /// response together, and a failure before it leaves no key in the tenant: the snapshot of a
    /// secret nobody received is then removed (or, with Redis gone, unreachable: nobody holds it).
    ///
    /// - Throws: 409 `idempotency_in_flight` when the idempotency marker is no longer this
    ///   attempt's (nothing written in the tenant).
    public func store(_ key: PreparedAPIKey, idempotency: IdempotencyCompletion? = nil) throws {
        let record = key.record
        try writeSnapshot(CredentialSnapshot(key: record, creator: key.creator))
        _ = try redis.command(["SET", .string(TenantKeys.globalKeyHash(record.hashHex)), .string(record.tenant)])
        let keys = TenantKeys(record.tenant)
        var scriptKeys: [RedisArgument] = [
            .string(keys.key(record.id)), .string(keys.keys), .string(keys.keyHashIndex),
            .string(keys.userKeys(record.createdBy)), .string(keys.keyIndex.key),
        ]
        if let idempotency { scriptKeys.append(.string(idempotency.recordKey)) }
        let committed: Bool
        do {
            committed =
                try redis.evaluate(
                    Self.storeKey, keys: scriptKeys,
                    arguments: [
                        .string(record.id), .string(record.hashHex), .string(idempotency?.token ?? ""),
                        .bytes(idempotency?.sealed ?? []), .integer(idempotency?.retentionMilliseconds ?? 0),
                        .string(keys.keyIndex.member(createdAt: record.createdAt, id: record.id, isTest: record.isTest)),
                        .string(keys.keyIndex.recordPrefix),
                    ] + record.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] }
                ).integerValue == 1
        } catch {
            removeUnstoredSnapshot(record)
            throw error
        }
        guard committed else {
            removeUnstoredSnapshot(record)
            throw GatehouseError.conflict(
                "A request with this Idempotency-Key is still in flight", code: "idempotency_in_flight")
        }
    }

    /// After a failed key write: removes the snapshot and hash index of a key the tenant does not
    /// hold (the write did not run), best effort.
    private func removeUnstoredSnapshot(_ record: KeyRecord) {
        guard (try? redis.command(["EXISTS", .string(TenantKeys(record.tenant).key(record.id))]))?.integerValue == 0
        else { return }
        _ = try? redis.pipeline([
            ["DEL", .string(CredentialKeys(record.hashHex).snapshot)],
            ["DEL", .string(TenantKeys.globalKeyHash(record.hashHex))],
        ])
    }

    /// Writes (replaces) the authentication snapshot of a secret.
    func writeSnapshot(_ snapshot: CredentialSnapshot) throws {
        let key = CredentialKeys(snapshot.hashHex).snapshot
        _ = try redis.pipeline([
            ["DEL", .string(key)],
            ["HSET", .string(key)] + snapshot.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] },
        ])
    }

    /// Sets when a stored secret stops working in its snapshot (first) and its tenant record, and,
    /// for a rotation, when the record was rotated.
    func setRevokedAt(_ time: Int64, hashHex: String, record: String, rotatedAt: Int64? = nil) throws {
        let rotation: [RedisArgument] = rotatedAt.map { ["rotated_at", .string(String($0))] } ?? []
        let replies = try redis.pipeline([
            ["HSET", .string(CredentialKeys(hashHex).snapshot), "revoked_at", .string(String(time))],
            ["HSET", .string(record), "revoked_at", .string(String(time))] + rotation,
        ])
        if let error = replies.first(where: { $0.errorMessage != nil })?.errorMessage { throw RedisError.server(error) }
    }

    /// The key record, or nil.
    public func key(tenant: String, id: String) throws -> KeyRecord? {
        guard Identifier.isTenant(tenant), Identifier.isObjectID(id) else { return nil }
        return KeyRecord(fields: try redis.command(["HGETALL", .string(TenantKeys(tenant).key(id))]).hashFields)
    }

    /// Every key record of a tenant, newest first.
    public func keys(tenant: String) throws -> [KeyRecord] {
        let keys = TenantKeys(tenant)
        guard let ids = try redis.command(["SMEMBERS", .string(keys.keys)]).arrayValue?.compactMap(\.stringValue),
            !ids.isEmpty
        else { return [] }
        let replies = try redis.pipeline(ids.map { ["HGETALL", .string(keys.key($0))] })
        return replies.compactMap { KeyRecord(fields: $0.hashFields) }.sorted { $0.createdAt > $1.createdAt }
    }

    /// Revokes a key at once (or at `at`); 404 for an unknown key. Idempotent.
    public func revokeKey(tenant: String, id: String, at time: Int64? = nil) throws {
        guard let record = try key(tenant: tenant, id: id) else { throw GatehouseError.notFound("API key not found") }
        if let revokedAt = record.revokedAt, revokedAt <= (time ?? now()) { return }
        try setRevokedAt(time ?? now(), hashHex: record.hashHex, record: TenantKeys(tenant).key(id))
    }

    /// Writes a record of a list (user, agent, app) with its id and index member, unless the record
    /// exists: true when written.
    func createListed(
        _ index: ListIndex, id: String, createdAt: Int64, isTest: Bool, fields: [(String, String)]
    ) throws -> Bool {
        let reply = try redis.evaluate(
            Self.createListedScript, keys: [.string(index.recordPrefix + id), .string(index.set), .string(index.key)],
            arguments: [
                .string(id), .string(index.member(createdAt: createdAt, id: id, isTest: isTest)),
                .string(index.recordPrefix), .string(index.byMode ? "1" : ""),
            ] + fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] })
        if let message = reply.errorMessage { throw RedisError.server(message) }
        return reply.integerValue == 1
    }

    // MARK: Scripts

    /// Writes a hash only if it does not exist (and adds ARGV's last element to KEYS[2] if given).
    static let createIfAbsent = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local fields = #ARGV
        if KEYS[2] then fields = fields - 1 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 1, fields))
        if KEYS[2] then redis.call('SADD', KEYS[2], ARGV[#ARGV]) end
        return 1
        """)

    /// Writes a record of a list if it does not exist: its hash, its id in the list's SET and its
    /// member in the list's index (built first for a tenant that predates it). KEYS[1] the record,
    /// KEYS[2] the SET, KEYS[3] the index; ARGV[1] id, ARGV[2] member, ARGV[3] record prefix,
    /// ARGV[4] `1` for an index by mode, ARGV[5…] the fields. 1 when written, 0 when it existed.
    static let createListedScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end

        """ + ListIndex.ensureLua(set: "KEYS[2]", index: "KEYS[3]", prefix: "ARGV[3]", byMode: "ARGV[4] == '1'")
            + """

            redis.call('HSET', KEYS[1], unpack(ARGV, 5))
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('ZADD', KEYS[3], 0, ARGV[2])
            return 1
            """)

    /// Writes a key record, its id in the tenant's key set and page index, its hash in the
    /// tenant's hash index and the creator's key set; with KEYS[6], also completes that
    /// idempotency record (ARGV[3] token, ARGV[4] sealed response, ARGV[5] retention) — or writes
    /// nothing and returns 0 when the token no longer holds it. ARGV[1] id, ARGV[2] hash, ARGV[6]
    /// the index member, ARGV[7] the record prefix, ARGV[8…] the record's fields.
    static let storeKey = RedisScript(
        IdempotencyStore.commitLua(key: 6, argument: 3).guard + "\n"
            + ListIndex.ensureLua(set: "KEYS[2]", index: "KEYS[5]", prefix: "ARGV[7]", byMode: "true") + """

            redis.call('HSET', KEYS[1], unpack(ARGV, 8))
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('ZADD', KEYS[5], 0, ARGV[6])
            redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
            redis.call('SADD', KEYS[4], ARGV[2])

            """ + IdempotencyStore.commitLua(key: 6, argument: 3).write + """

                return 1
                """)
}
