internal import Crypto

/// Refresh tokens (SPEC §4 refresh): opaque, random, stored as SHA-256, grouped in families that
/// belong to a session. Presenting a token is one Lua script, so concurrent refreshes of one token
/// produce one child, never two live chains.
///
/// A child's random part is HMAC-SHA256 of its parent under a key derived from the server secret:
/// a retry within the grace window gets exactly the same child without the child ever being
/// stored, and nobody without the server secret can compute it.
public enum RefreshStore {
    /// The child of a refresh token.
    public static func child(of parent: OpaqueToken, serverSecret: [UInt8]) -> OpaqueToken {
        let key = SymmetricKey(
            data: HMAC<SHA256>.authenticationCode(
                for: Array("gatehouse/refresh/v1".utf8), using: SymmetricKey(data: serverSecret)))
        let bytes = Array(HMAC<SHA256>.authenticationCode(for: Array(parent.text.utf8), using: key))
        return OpaqueToken.derived(.refresh, tag: parent.tag, bytes: bytes)
    }

    /// Presents a refresh token for `clientID`: rotates it, returns its child again within the
    /// grace window, or refuses (revoking the family on reuse). The same script appends `audit`,
    /// completed with the outcome, to the stream of the token's tenant (SPEC §6).
    public static func present(
        _ token: OpaqueToken, clientID: String, narrowing: RefreshNarrowing = .none, serverSecret: [UInt8],
        graceSeconds: Int64, now: Int64, audit: AuditEvent, redis: RedisClient
    ) throws -> (RefreshOutcome, child: OpaqueToken) {
        let keys = token.keys
        let child = child(of: token, serverSecret: serverSecret)
        var audit = audit
        audit.tenant = keys.tenant
        let reply = try redis.evaluate(
            rotateScript, keys: [.string(keys.refreshToken(token.hashHex))],
            arguments: [
                .string(keys.prefix), .string(child.hashHex), .integer(now), .integer(graceSeconds * 1000),
                .string(clientID), .string(narrowing.scopes?.description ?? ""),
                narrowing.resource == nil ? "0" : "1", .string(narrowing.resource ?? ""),
            ] + AuditLog.scriptArguments(audit))
        return (try decode(reply, now: now), child)
    }

    /// Reads the script's reply `{outcome, family, owner}`.
    static func decode(_ reply: RedisReply, now: Int64) throws -> RefreshOutcome {
        guard let items = reply.arrayValue, items.count == 3, let outcome = items[0].stringValue else {
            throw RedisError.protocol("unexpected refresh reply")
        }
        let family = items[1].hashFields
        switch outcome {
        case "rotated", "retry":
            guard let kind = family["kind"].flatMap(SessionRecord.Kind.init), let session = family["session"],
                let subject = SessionSubject(kind: kind, fields: items[2].hashFields), subject.isActive,
                subject.id == family["subject"]
            else { return .invalid }
            let grant = grant(of: family)
            return outcome == "rotated"
                ? .rotated(session: session, subject: subject, grant: grant)
                : .retried(session: session, subject: subject, grant: grant)
        case "client": return .clientMismatch
        case "scope": return .scopeWidened
        case "target": return .resourceMismatch
        case "reuse": return .reuseDetected
        default: return .invalid
        }
    }

    /// Lua: `map(key)`: a hash as a table of its fields, and its raw `HGETALL` reply.
    static let hashMapFunction = """

        local function map(key)
          local raw = redis.call('HGETALL', key)
          local fields = {}
          for i = 1, #raw, 2 do fields[raw[i]] = raw[i + 1] end
          return fields, raw
        end

        """

    /// The OAuth grant a family's fields describe; nil for a family of Gatehouse's own sign-in.
    static func grant(of family: [String: String]) -> OAuthGrant? {
        guard let client = family["client"], client != SessionStore.firstPartyClient, let session = family["session"],
            let scopeText = family["scope"], let scopes = ScopeSet(parsing: scopeText)
        else { return nil }
        let resource = family["resource"].flatMap { $0.isEmpty ? nil : OAuthResource(canonicalizing: $0) }
        return OAuthGrant(session: session, clientID: client, scopes: scopes, resource: resource)
    }

    /// KEYS[1] the presented token. ARGV: prefix, child hash, now, grace ms, client id, requested
    /// scope ('' = unchanged), resource sent (1|0), resource ('' = Gatehouse's API), then the audit
    /// record's name/value pairs. A family whose client was deleted in the tenant (`ocrev`) is
    /// revoked; a requested scope outside the family's or another resource is refused unchanged.
    static let rotateScript = RedisScript(
        AuditLog.luaFunction + ScopeScript.luaFunction + hashMapFunction + """
            local p, now = ARGV[1], tonumber(ARGV[3])
            local function decide()
            local token = map(KEYS[1])
            if not token['family'] then return {'invalid', {}, {}} end
            local familyKey = p .. 'rf:' .. token['family']
            local family, familyRaw = map(familyKey)
            if family['status'] ~= 'active' or not tonumber(family['expires_at']) or tonumber(family['expires_at']) <= now then
              return {'invalid', {}, {}}
            end
            if family['client'] ~= ARGV[5] then return {'client', {}, {}} end
            local deleted = redis.call('GET', p .. 'ocrev:' .. family['client'])
            if deleted and (tonumber(deleted) or now) >= (tonumber(family['created_at']) or 0) then
              redis.call('HSET', familyKey, 'status', 'revoked', 'revoked_at', ARGV[3], 'reason', 'client_deleted')
              return {'invalid', {}, {}}
            end
            local session = map(p .. 'session:' .. (family['session'] or ''))
            if not session['id'] or session['revoked_at'] then
              redis.call('HSET', familyKey, 'status', 'revoked', 'revoked_at', ARGV[3], 'reason', 'session')
              return {'invalid', {}, {}}
            end
            local owner, ownerRaw = map(p .. family['kind'] .. ':' .. family['subject'])
            if owner['status'] ~= 'active' then return {'invalid', {}, {}} end
            if ARGV[6] ~= '' and not gatehouse_covers(family['scope'] or '*', ARGV[6]) then return {'scope', {}, {}} end
            if ARGV[7] == '1' and ARGV[8] ~= (family['resource'] or '') then return {'target', {}, {}} end
            if token['state'] == 'active' then
              redis.call('HSET', KEYS[1], 'state', 'rotated', 'rotated_at', ARGV[3], 'child', ARGV[2])
              local child = p .. 'rt:' .. ARGV[2]
              redis.call('HSET', child, 'family', token['family'], 'state', 'active', 'created_at', ARGV[3])
              redis.call('PEXPIREAT', child, tonumber(family['expires_at']))
              return {'rotated', familyRaw, ownerRaw}
            end
            if token['child'] == ARGV[2] and now - tonumber(token['rotated_at']) <= tonumber(ARGV[4]) then
              return {'retry', familyRaw, ownerRaw}
            end
            redis.call('HSET', familyKey, 'status', 'revoked', 'revoked_at', ARGV[3], 'reason', 'reuse')
            return {'reuse', {}, {}}
            end
            local reply = decide()
            local record = {status = '401', outcome = 'auth_failed'}
            if reply[1] == 'rotated' or reply[1] == 'retry' then
              local family = {}
              for i = 1, #reply[2], 2 do family[reply[2][i]] = reply[2][i + 1] end
              record = {status = '200', outcome = 'success', subject = family['subject'], key_id = family['session'],
                subject_type = family['kind'] == 'admin' and 'platform_admin' or 'user'}
            end
            gatehouse_audit(p .. 'audit', ARGV, 9, record)
            return reply
            """, sha1: "6468f029bcfd314d5f86bf18d6e6957ab2715a64")
}
