/// Ending OAuth grants (RFC 7009) and telling whether an OAuth access token's grant has ended:
/// its session revoked (revocation, code reuse) or its client deleted in the tenant
/// (``OAuthClientStore/revocationKey(tenant:client:)``, written by `DELETE /v1/oauth_clients/{id}`): its
/// value is the deletion time (Unix ms); every code, grant and token of the client issued until then is refused.
public enum OAuthGrantRevocation {
    /// Whether an OAuth access token (client `clientID`, grant `session`, issued at `issuedAt`
    /// seconds) is refused: one pipelined round trip in the tenant's slot reading the grant's
    /// `revoked_at` and the client's deletion record. A grant that no longer exists is refused.
    public static func isRevoked(
        session: String, clientID: String, tenant: String, issuedAt: Int64, redis: RedisClient
    ) throws -> Bool {
        let keys = TenantKeys(tenant)
        let replies = try redis.pipeline([
            ["HMGET", .string(keys.session(session)), "client", "revoked_at"],
            ["GET", .string(OAuthClientStore.revocationKey(tenant: tenant, client: clientID))],
        ])
        guard replies.count == 2, let fields = replies[0].arrayValue, fields.count == 2 else {
            if let error = replies.lazy.compactMap({ reply -> String? in
                if case .error(let message) = reply { return message } else { return nil }
            }).first {
                throw RedisError.server(error)
            }
            throw RedisError.protocol("unexpected grant revocation reply")
        }
        guard fields[0].stringValue == clientID, fields[1].stringValue == nil else { return true }
        if let deleted = replies[1].stringValue {
            return (Int64(deleted) ?? .max) >= issuedAt * 1000
        }
        return false
    }

    /// What revoking led to.
    public enum Outcome: String, Sendable {
        /// The grant ended.
        case revoked
        /// Unknown, already ended, or held by another client: nothing changed.
        case ignored
    }

    /// Ends the grant a refresh token (`refreshToken`) or an access token's grant (`session`)
    /// belongs to, if `clientID` holds it: the session is revoked and its refresh family too. One
    /// script in the tenant's slot, which appends `audit` (SPEC §6).
    public static func revoke(
        refreshToken: OpaqueToken? = nil, session: String? = nil, tenant: String, clientID: String, now: Int64,
        audit: AuditEvent, redis: RedisClient
    ) throws -> Outcome {
        let keys = TenantKeys(tenant)
        let key = refreshToken.map { keys.refreshToken($0.hashHex) } ?? keys.session(session ?? "")
        var audit = audit
        audit.tenant = tenant
        let reply = try redis.evaluate(
            revokeScript, keys: [.string(key)],
            arguments: [.string(keys.prefix), .integer(now), refreshToken == nil ? "session" : "refresh",
                .string(clientID)] + AuditLog.scriptArguments(audit))
        return reply.integerValue == 1 ? .revoked : .ignored
    }

    /// KEYS[1] a refresh token or a session. ARGV: prefix, now, 'refresh'|'session', client id,
    /// then the audit record's name/value pairs. Returns 1 when the grant was ended.
    static let revokeScript = RedisScript(
        AuditLog.luaFunction + """
            local p = ARGV[1]
            local sessionID = nil
            if ARGV[3] == 'refresh' then
              local family = redis.call('HGET', KEYS[1], 'family')
              if family then sessionID = redis.call('HGET', p .. 'rf:' .. family, 'session') end
            else
              sessionID = redis.call('HGET', KEYS[1], 'id')
            end
            local result, subject = 0, ''
            if sessionID then
              local session = p .. 'session:' .. sessionID
              local fields = redis.call('HMGET', session, 'client', 'family', 'subject', 'revoked_at')
              if fields[1] == ARGV[4] and fields[2] then
                subject = fields[3] or ''
                if not fields[4] then
                  redis.call('HSET', session, 'revoked_at', ARGV[2])
                  redis.call('HSET', p .. 'rf:' .. fields[2], 'status', 'revoked', 'revoked_at', ARGV[2],
                    'reason', 'revoked')
                  result = 1
                end
              end
            end
            local record = {status = '200', outcome = result == 1 and 'success' or 'denied', subject = subject,
              key_id = sessionID or ''}
            gatehouse_audit(p .. 'audit', ARGV, 5, record)
            return result
            """)
}
