/// Registering, listing and deleting clients (OAUTH.md "Clients", "Revocation").
///
/// Besides the keys of ``OAuthClientStore``:
/// ```
/// gh:{t}:oauthgrants          SET     ids of registered clients holding grants in t (the reverse of :tenants)
/// gh:{t}:consent:<client_id>  HASH    user id → the scopes the user consented to (deleted with the client)
/// ```
extension OAuthClientStore {
    /// The prefix of client secrets (so secret scanners recognise them).
    public static let secretPrefix = "ghcs_"

    /// The ids of the clients tenant `tenant` registered (with a credential or the CLI).
    public static func registeredKey(tenant: String) -> String { TenantKeys(tenant).prefix + "oauthclients" }
    /// The ids of the registered clients holding grants in `tenant`.
    public static func grantsKey(tenant: String) -> String { TenantKeys(tenant).prefix + "oauthgrants" }
    /// The revocation record of a client in a tenant: the deletion time (Unix ms).
    public static func revocationKey(tenant: String, client: String) -> String {
        TenantKeys(tenant).prefix + "ocrev:" + client
    }
    /// The consents given to a client in a tenant.
    public static func consentKey(tenant: String, client: String) -> String {
        TenantKeys(tenant).prefix + "consent:" + client
    }

    /// A new client from validated metadata, and its secret when it is confidential (shown once;
    /// only its SHA-256 is kept).
    public static func newClient(
        _ metadata: OAuthClientMetadata, tenant: String?, now: Int64
    ) -> (client: OAuthClient, secret: String?) {
        let secret = metadata.authMethod == .none ? nil : secretPrefix + Base62.random(count: 43)
        let client = OAuthClient(
            id: generateID(), name: metadata.name, redirectURIs: metadata.redirectURIs,
            authMethod: metadata.authMethod, secretHashHex: secret.map(Hex.encodeSHA256),
            applicationType: metadata.applicationType, scope: metadata.scope, tenant: tenant,
            origin: tenant == nil ? .dynamic : .preRegistered, clientURI: metadata.clientURI, createdAt: now)
        return (client, secret)
    }

    /// Stores a new client: its record (expiring after `idleLifetimeSeconds` unless a login
    /// completes first, ``recordGrant(clientID:tenant:redis:)``; nil: never), and its id in its
    /// tenant's set and list index when a tenant registered it. One round trip.
    public static func store(_ client: OAuthClient, idleLifetimeSeconds: Int64?, redis: RedisClient) throws {
        var commands: [RedisCommand] = [
            .script(
                storeScript, keys: [.string(recordKey(client.id))],
                arguments: [RedisArgument(idleLifetimeSeconds ?? 0)] + client.fields.flatMap {
                    [RedisArgument.string($0.0), .string($0.1)]
                })
        ]
        if let tenant = client.tenant {
            commands.append(
                joinCommand(client.id, createdAt: client.createdAt, set: registeredKey(tenant: tenant), tenant: tenant))
        }
        for reply in try redis.pipeline(commands) {
            if let message = reply.errorMessage { throw RedisError.server(message) }
        }
    }

    /// KEYS[1] the record; ARGV[1] the idle lifetime in seconds (0: none), then field, value….
    /// The record and its expiry are written together.
    static let storeScript = RedisScript(
        """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        if ARGV[1] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return 1
        """)

    /// A client as a tenant sees it in `GET /v1/oauth_clients`.
    public struct TenantView: Sendable {
        public var client: OAuthClient
        /// The tenant registered it.
        public var registeredHere: Bool
        /// It holds grants of users of the tenant.
        public var holdsGrants: Bool

        /// The client's metadata, its origin and creation time, and how it relates to the tenant.
        public var json: JSONObject {
            var object = client.metadataJSON
            object["origin"] = .string(client.origin.rawValue)
            object["created_at"] = .string(Timestamp.iso8601(milliseconds: client.createdAt))
            object["registered_by_tenant"] = .bool(registeredHere)
            object["holds_grants"] = .bool(holdsGrants)
            return object
        }
    }

    /// One page of the clients a tenant registered or that hold grants in it, oldest first, from the
    /// tenant's sorted index (``index(tenant:)``): O(log N + limit) whatever the tenant holds. A
    /// client whose record has gone (expired or deleted) is left out and dropped from the index.
    public static func clients(
        of tenant: String, page request: PageRequest, store: TenantStore
    ) throws -> (views: [TenantView], next: PageCursor?) {
        let redis = store.redis
        let positions = try indexPage(tenant: tenant, request: request, redis: redis)
        let page = Array(positions.prefix(request.limit))
        guard !page.isEmpty else { return ([], nil) }
        let replies = try redis.pipeline(page.flatMap { position -> [[RedisArgument]] in
            [["HGETALL", .string(recordKey(position.id))], ["SISMEMBER", .string(grantsKey(tenant: tenant)), .string(position.id)]]
        })
        for reply in replies { if let message = reply.errorMessage { throw RedisError.server(message) } }
        var views: [TenantView] = []
        var gone: [PageCursor] = []
        for (offset, position) in page.enumerated() {
            guard let client = OAuthClient(fields: replies[2 * offset].hashFields) else {
                gone.append(position)
                continue
            }
            views.append(
                TenantView(
                    client: client, registeredHere: client.tenant == tenant,
                    holdsGrants: replies[2 * offset + 1].integerValue == 1))
        }
        try dropFromIndex(gone, tenant: tenant, redis: redis)
        return (views, positions.count > request.limit ? page.last : nil)
    }

    /// What ``delete(_:by:now:revocationLifetimeSeconds:redis:)`` did.
    public enum Deletion: Sendable, Equatable {
        /// The registering tenant deleted the client: revoked in every tenant it held grants in.
        case deleted(tenants: [String])
        /// A self-registered client was revoked in the calling tenant only.
        case revokedInTenant
        /// The client is not the tenant's to delete (or does not exist).
        case notFound
    }

    /// Deletes or revokes client `id` on behalf of `tenant`.
    ///
    /// - The registering tenant: the record (and its secret hash) goes first, so no code can be
    ///   issued or redeemed from then on; then in every tenant of the client's grant set (and the
    ///   registering one) the revocation record is written (``revocationKey(tenant:client:)``, value
    ///   `now`, kept `revocationLifetimeSeconds`), the consents deleted and the id removed from the
    ///   tenant's sets; the grant set goes last, so a deletion cut short can be repeated.
    /// - A self-registered client holding grants in `tenant`: revoked in `tenant` only (the client
    ///   stays usable elsewhere, and in `tenant` after a new consent).
    /// - Anything else: ``Deletion/notFound``; nothing is written.
    public static func delete(
        _ id: String, by tenant: String, now: Int64, revocationLifetimeSeconds: Int64, redis: RedisClient
    ) throws -> Deletion {
        guard isRegisteredID(id) else { return .notFound }
        let replies = try redis.pipeline([
            ["HMGET", .string(recordKey(id)), "tenant", "created_at"],
            ["SISMEMBER", .string(registeredKey(tenant: tenant)), .string(id)],
            ["SISMEMBER", .string(grantsKey(tenant: tenant)), .string(id)],
        ])
        for reply in replies { if let message = reply.errorMessage { throw RedisError.server(message) } }
        let fields = replies[0].arrayValue ?? []
        let owner = fields.first?.stringValue
        let member = fields.dropFirst().first?.stringValue.flatMap { Int64($0) }.map {
            indexMember(id: id, createdAt: $0)
        }
        let registeredHere = owner == tenant || (owner == nil && replies[1].integerValue == 1)
        if registeredHere {
            let removed = try redis.pipeline([["DEL", .string(recordKey(id))], ["SMEMBERS", .string(tenantsKey(id))]])
            for reply in removed { if let message = reply.errorMessage { throw RedisError.server(message) } }
            var tenants = removed[1].arrayValue?.compactMap(\.stringValue).filter(Identifier.isTenant) ?? []
            if !tenants.contains(tenant) { tenants.append(tenant) }
            try revoke(
                id, member: member, in: tenants, now: now, lifetimeSeconds: revocationLifetimeSeconds, redis: redis)
            _ = try redis.command(["DEL", .string(tenantsKey(id))])
            return .deleted(tenants: tenants.sorted())
        }
        guard owner?.isEmpty == true, replies[2].integerValue == 1 else { return .notFound }
        try revoke(
            id, member: member, in: [tenant], now: now, lifetimeSeconds: revocationLifetimeSeconds, redis: redis)
        _ = try redis.command(["SREM", .string(tenantsKey(id)), .string(tenant)])
        return .revokedInTenant
    }

    /// Writes the revocation record, deletes the consents of client `id` and takes it out of the
    /// tenant's sets and list index (its `member`; nil when its creation time is unknown) in each
    /// tenant (one script per tenant, in its slot; one round trip for all).
    static func revoke(
        _ id: String, member: String?, in tenants: [String], now: Int64, lifetimeSeconds: Int64, redis: RedisClient
    ) throws {
        let commands: [RedisCommand] = tenants.map { tenant in
            .script(
                revokeScript,
                keys: [
                    .string(revocationKey(tenant: tenant, client: id)), .string(consentKey(tenant: tenant, client: id)),
                    .string(grantsKey(tenant: tenant)), .string(registeredKey(tenant: tenant)),
                    .string(index(tenant: tenant).key),
                ], arguments: [.integer(now), .integer(lifetimeSeconds), .string(id), .string(member ?? "")])
        }
        for reply in try redis.pipeline(commands) {
            if let message = reply.errorMessage { throw RedisError.server(message) }
        }
    }

    /// KEYS: the revocation record, the consents, the tenant's grant and registration sets, its
    /// client index; ARGV: now (ms), the record's lifetime (s), the client id, its index member or ''.
    static let revokeScript = RedisScript(
        """
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
        redis.call('DEL', KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[3])
        redis.call('SREM', KEYS[4], ARGV[3])
        """ + leaveIndexLua(indexKey: 5, idArgument: 3, memberArgument: 4) + """

        return 1
        """)
}
