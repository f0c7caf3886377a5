/// Sessions in Redis, each step one script under the tenant's hash tag (the platform's for
/// administrators).
///
/// ```
/// gh:{t}:session:<sid>   HASH    SessionRecord
/// gh:{t}:sh:<sha256>     STRING  session id of a cookie secret
/// gh:{t}:rf:<family>     HASH    refresh family: session, kind, subject, client, status, expires_at
/// gh:{t}:rt:<sha256>     HASH    refresh token: family, state (active|rotated), rotated_at, child
/// ```
/// Everything expires with the session.
public enum SessionStore {
    /// The client id of Gatehouse's own sign-in (OTP login, `/v1/auth/*`).
    public static let firstPartyClient = "gatehouse"

    /// What a new session hands out.
    public struct Opened: Sendable {
        public let session: String
        public let cookie: OpaqueToken
        public let refreshToken: OpaqueToken
        public let subject: SessionSubject
        public let expiresAt: Int64
    }

    /// Opens a session, its refresh family and first refresh token for an owner whose record is
    /// active and still holds `phone` (nil skips that check); nil when it is not.
    public static func open(
        for owner: PhoneOwner, phone: String?, clientID: String = firstPartyClient, lifetimeSeconds: Int64,
        now: Int64, redis: RedisClient
    ) throws -> Opened? {
        let keys = owner.keys
        let sessionID = Identifier.generate("ses")
        let family = Identifier.generate("rf")
        let cookie = OpaqueToken.generate(.session, tag: keys.tenant)
        let refresh = OpaqueToken.generate(.refresh, tag: keys.tenant)
        let expiresAt = now + lifetimeSeconds * 1000
        let kind: SessionRecord.Kind = owner.isAdmin ? .admin : .user
        let reply = try redis.evaluate(
            openScript, keys: [.string(owner.recordKey)],
            arguments: [
                .string(keys.prefix), .string(String(now)), .string(String(expiresAt)), .string(sessionID),
                .string(cookie.hashHex), .string(family), .string(refresh.hashHex), .string(kind.rawValue),
                .string(owner.id), .string(phone ?? ""), .string(clientID),
            ])
        guard let items = reply.arrayValue, items.count == 2, items[0].integerValue == 1,
            let subject = SessionSubject(kind: kind, fields: items[1].hashFields)
        else { return nil }
        return Opened(session: sessionID, cookie: cookie, refreshToken: refresh, subject: subject, expiresAt: expiresAt)
    }

    /// The live session a cookie carries and its subject; nil for an unknown, expired or revoked
    /// session or a subject that is gone or disabled.
    public static func resolve(
        _ cookie: OpaqueToken, now: Int64, redis: RedisClient
    ) throws -> (
        SessionRecord, SessionSubject
    )? {
        let keys = cookie.keys
        let reply = try redis.evaluate(
            resolveScript, keys: [.string(keys.sessionBySecret(cookie.hashHex))], arguments: [.string(keys.prefix)])
        guard let items = reply.arrayValue, items.count == 2,
            let session = SessionRecord(fields: items[0].hashFields)
        else { return nil }
        return SessionPolicy.live(session, ownerFields: items[1].hashFields, now: now)
    }

    /// Revokes the session a cookie carries and its refresh family; false when there was none.
    @discardableResult
    public static func revoke(_ cookie: OpaqueToken, now: Int64, redis: RedisClient) throws -> Bool {
        let keys = cookie.keys
        let reply = try redis.evaluate(
            revokeScript, keys: [.string(keys.sessionBySecret(cookie.hashHex))],
            arguments: [.string(keys.prefix), .string(String(now)), ""])
        return reply.integerValue == 1
    }

    /// Revokes a session by id (an operator's action) and its refresh family.
    @discardableResult
    public static func revoke(sessionID: String, tenant: String, now: Int64, redis: RedisClient) throws -> Bool {
        let keys = TenantKeys(tenant)
        let reply = try redis.evaluate(
            revokeScript, keys: [.string(keys.session(sessionID))],
            arguments: [.string(keys.prefix), .string(String(now)), .string(sessionID)])
        return reply.integerValue == 1
    }

    /// KEYS[1] owner record. ARGV: prefix, now, expires at, session id, cookie hash, family, refresh
    /// hash, kind, subject, phone ('' = unchecked), client. Returns {1, owner} or {0, owner}.
    static let openScript = RedisScript(
        """
        local p = ARGV[1]
        local owner = redis.call('HGETALL', KEYS[1])
        local f = {}
        for i = 1, #owner, 2 do f[owner[i]] = owner[i + 1] end
        if f['status'] ~= 'active' or (ARGV[10] ~= '' and f['phone'] ~= ARGV[10]) then return {0, owner} end
        local exp = tonumber(ARGV[3])
        local session, secret = p .. 'session:' .. ARGV[4], p .. 'sh:' .. ARGV[5]
        local family, token = p .. 'rf:' .. ARGV[6], p .. 'rt:' .. ARGV[7]
        redis.call('HSET', session, 'id', ARGV[4], 'kind', ARGV[8], 'subject', ARGV[9], 'created_at', ARGV[2],
            'expires_at', ARGV[3], 'family', ARGV[6], 'secret', ARGV[5])
        redis.call('SET', secret, ARGV[4])
        redis.call('HSET', family, 'id', ARGV[6], 'session', ARGV[4], 'kind', ARGV[8], 'subject', ARGV[9],
            'client', ARGV[11], 'status', 'active', 'created_at', ARGV[2], 'expires_at', ARGV[3])
        redis.call('HSET', token, 'family', ARGV[6], 'state', 'active', 'created_at', ARGV[2])
        for _, key in ipairs({session, secret, family, token}) do redis.call('PEXPIREAT', key, exp) end
        return {1, owner}
        """)

    /// KEYS[1] cookie-secret key. ARGV: prefix. Returns {session, owner} or {}.
    static let resolveScript = RedisScript(
        """
        local p = ARGV[1]
        local id = redis.call('GET', KEYS[1])
        if not id then return {} end
        local session = redis.call('HGETALL', p .. 'session:' .. id)
        local kind, subject = nil, nil
        for i = 1, #session, 2 do
          if session[i] == 'kind' then kind = session[i + 1] end
          if session[i] == 'subject' then subject = session[i + 1] end
        end
        if not kind or not subject then return {} end
        return {session, redis.call('HGETALL', p .. kind .. ':' .. subject)}
        """)

    /// KEYS[1] cookie-secret key, or the session key when ARGV[3] (the session id) is given.
    /// ARGV: prefix, now, session id or ''. Marks the session and its family revoked.
    static let revokeScript = RedisScript(
        """
        local p = ARGV[1]
        local id = ARGV[3]
        if id == '' then id = redis.call('GET', KEYS[1]) end
        if not id then return 0 end
        local session = p .. 'session:' .. id
        local fields = redis.call('HMGET', session, 'family', 'secret', 'revoked_at')
        if not fields[1] then return 0 end
        redis.call('HSET', session, 'revoked_at', ARGV[2])
        redis.call('HSET', p .. 'rf:' .. fields[1], 'status', 'revoked', 'revoked_at', ARGV[2], 'reason', 'session')
        if fields[2] then redis.call('DEL', p .. 'sh:' .. fields[2]) end
        return 1
        """)
}
