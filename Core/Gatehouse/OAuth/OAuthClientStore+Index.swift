/// The page order of the OAuth clients a tenant lists (`GET /v1/oauth_clients`): a ``ListIndex``
/// over the union of what the tenant registered and the clients holding its users' grants.
///
/// ```
/// gh:{t}:oauthclients:order    ZSET    `<created_at, 20 digits>:<client_id>`, all scored 0
/// gh:{t}:oauthclients:indexed  STRING  1 once the index holds the clients written before it existed
/// ```
/// A client's record lives in its own slot (``OAuthClientStore/recordKey(_:)``), so the tenant's
/// scripts keep the index beside the id sets they change: registering joins it, a grant joins it
/// (only while the client's record exists: an openly registered client that expired unused never
/// does), deletion and revocation leave it; a page whose client record has gone (expired or
/// deleted elsewhere) drops that member. Tenants from before the index get it built once, from the
/// sets and each client's `created_at`, on their first page.
extension OAuthClientStore {
    /// The index of the clients tenant `tenant` lists. Its records are not in the tenant's slot
    /// (no record prefix): the index is never built by ``ListIndex/ensureLua(set:index:prefix:byMode:)``.
    public static func index(tenant: String) -> ListIndex {
        ListIndex(set: registeredKey(tenant: tenant), record: { _ in "" }, byMode: false)
    }

    /// The marker saying the index of `tenant` holds its clients from before the index existed.
    public static func indexBuiltKey(tenant: String) -> String { registeredKey(tenant: tenant) + ":indexed" }

    /// The index member of a client created at `createdAt`.
    static func indexMember(id: String, createdAt: Int64) -> String {
        ListIndex(set: "", record: { _ in "" }, byMode: false).member(createdAt: createdAt, id: id, isTest: false)
    }

    /// The command that adds client `id` to the tenant set `set` (registered or grants) of `tenant`
    /// and its member to the tenant's index, in one script.
    static func joinCommand(_ id: String, createdAt: Int64, set: String, tenant: String) -> RedisCommand {
        .script(
            joinScript, keys: [.string(set), .string(index(tenant: tenant).key)],
            arguments: [.string(id), .string(indexMember(id: id, createdAt: createdAt))])
    }

    /// KEYS[1] the id set, KEYS[2] the index; ARGV[1] the id, ARGV[2] its member.
    static let joinScript = RedisScript(
        """
        redis.call('ZADD', KEYS[2], 0, ARGV[2])
        return redis.call('SADD', KEYS[1], ARGV[1])
        """)

    /// Lua that removes client `ARGV[idArgument]`'s member from index `KEYS[indexKey]`: the member
    /// `ARGV[memberArgument]`, or, when it is empty (the client's record, and so its creation time,
    /// is gone), whichever member ends with the id (a scan of the index, only then).
    static func leaveIndexLua(indexKey: Int, idArgument: Int, memberArgument: Int) -> String {
        """
        if ARGV[\(memberArgument)] ~= '' then
            redis.call('ZREM', KEYS[\(indexKey)], ARGV[\(memberArgument)])
        else
            local suffix = ':' .. ARGV[\(idArgument)]
            for _, member in ipairs(redis.call('ZRANGE', KEYS[\(indexKey)], 0, -1)) do
                if string.sub(member, -#suffix) == suffix then redis.call('ZREM', KEYS[\(indexKey)], member) end
            end
        end
        """
    }

    /// The positions of one page of `tenant`'s clients (limit + 1, to tell whether a next page
    /// exists), building the index first if the tenant predates it. One round trip when it is built.
    static func indexPage(tenant: String, request: PageRequest, redis: RedisClient) throws -> [PageCursor] {
        let index = index(tenant: tenant)
        let (start, end) = index.bounds(after: request.cursor, newestFirst: false, testMode: nil)
        let keys: [RedisArgument] = [
            .string(index.key), .string(indexBuiltKey(tenant: tenant)), .string(registeredKey(tenant: tenant)),
            .string(grantsKey(tenant: tenant)),
        ]
        for _ in 0..<2 {
            let reply = try redis.evaluate(
                pageScript, keys: keys, arguments: [.string(start), .string(end), .integer(Int64(request.limit) + 1)])
            if let message = reply.errorMessage { throw RedisError.server(message) }
            let items = reply.arrayValue ?? []
            guard items.first?.stringValue == "build" else { return items.compactMap { $0.stringValue.flatMap(index.position) } }
            try buildIndex(tenant: tenant, redis: redis)
        }
        throw RedisError.server("the OAuth client index of \(tenant) could not be built")
    }

    /// KEYS: the index, its built marker, the registered and grants sets; ARGV: the ZRANGE bounds and
    /// count. `{"build"}` when the tenant has clients from before the index and it is not built yet;
    /// a tenant without any marks it built at once.
    static let pageScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[2]) == 0 then
            if redis.call('EXISTS', KEYS[3]) == 1 or redis.call('EXISTS', KEYS[4]) == 1 then return {'build'} end
            redis.call('SET', KEYS[2], '1')
        end
        return redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYLEX', 'LIMIT', 0, ARGV[3])
        """)

    /// Builds the index of a tenant written before it existed: every client of the two sets whose
    /// record is there, by its `created_at` (one pipeline), then one script that adds those still in
    /// a set and marks the index built. Clients joining meanwhile add their own members.
    static func buildIndex(tenant: String, redis: RedisClient) throws {
        let ids = try redis.command([
            "SUNION", .string(registeredKey(tenant: tenant)), .string(grantsKey(tenant: tenant)),
        ]).arrayValue?.compactMap(\.stringValue).filter(isRegisteredID) ?? []
        let times = ids.isEmpty ? [] : try redis.pipeline(ids.map { ["HGET", .string(recordKey($0)), "created_at"] })
        var members: [RedisArgument] = []
        for (id, reply) in zip(ids, times) {
            if let message = reply.errorMessage { throw RedisError.server(message) }
            guard let time = reply.stringValue.flatMap({ Int64($0) }) else { continue }  // expired or deleted
            members.append(.string(indexMember(id: id, createdAt: time)))
        }
        let reply = try redis.evaluate(
            buildScript,
            keys: [
                .string(index(tenant: tenant).key), .string(indexBuiltKey(tenant: tenant)),
                .string(registeredKey(tenant: tenant)), .string(grantsKey(tenant: tenant)),
            ], arguments: members)
        if let message = reply.errorMessage { throw RedisError.server(message) }
    }

    /// KEYS: the index, its built marker, the registered and grants sets; ARGV: the members.
    static let buildScript = RedisScript(
        """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        for _, member in ipairs(ARGV) do
            local id = string.sub(member, 22)
            if redis.call('SISMEMBER', KEYS[3], id) == 1 or redis.call('SISMEMBER', KEYS[4], id) == 1 then
                redis.call('ZADD', KEYS[1], 0, member)
            end
        end
        redis.call('SET', KEYS[2], '1')
        return 1
        """)

    /// Removes from `tenant`'s index and sets the clients a page found without a record (expired or
    /// deleted): one round trip, nothing when there are none.
    static func dropFromIndex(_ gone: [PageCursor], tenant: String, redis: RedisClient) throws {
        guard !gone.isEmpty else { return }
        let commands: [[RedisArgument]] = gone.flatMap { position -> [[RedisArgument]] in
            [
                ["ZREM", .string(index(tenant: tenant).key), .string(indexMember(id: position.id, createdAt: position.createdAt))],
                ["SREM", .string(registeredKey(tenant: tenant)), .string(position.id)],
                ["SREM", .string(grantsKey(tenant: tenant)), .string(position.id)],
            ]
        }
        for reply in try redis.pipeline(commands) {
            if let message = reply.errorMessage { throw RedisError.server(message) }
        }
    }
}
