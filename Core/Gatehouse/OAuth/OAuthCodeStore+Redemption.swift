extension OAuthCodeStore {
    /// What the token request presents with the code.
    public struct Presentation: Sendable {
        public var clientID: String
        /// `redirect_uri` as sent; nil when absent.
        public var redirectURI: String?
        /// The client's redirect URI when it registered exactly one (what an authorization request
        /// without `redirect_uri` used); nil otherwise.
        public var defaultRedirectURI: String?
        /// The S256 challenge of `code_verifier`; nil when absent or malformed (never matches).
        public var verifierChallenge: String?
        /// `resource` as sent (RFC 8707 §2.2), already known to the server; nil when absent. Must
        /// be the code's.
        public var resource: OAuthResource?

        /// A presentation.
        public init(
            clientID: String, redirectURI: String?, defaultRedirectURI: String?, verifierChallenge: String?,
            resource: OAuthResource? = nil
        ) {
            self.resource = resource
            self.clientID = clientID
            self.redirectURI = redirectURI
            self.defaultRedirectURI = defaultRedirectURI
            self.verifierChallenge = verifierChallenge
        }
    }

    /// Redeems a code: one script in the tenant's slot checks every binding (client, redirect URI,
    /// PKCE, the client's deletion record, the user), marks the code redeemed and opens the grant,
    /// or, for a code redeemed before, revokes the grant the first redemption opened (OIDF
    /// `oidcc-codereuse`). The same script appends `audit`, completed with the outcome (SPEC §6).
    public static func redeem(
        _ code: OpaqueToken, _ presentation: Presentation, grantLifetimeSeconds: Int64, ownResource: OAuthResource,
        now: Int64, audit: AuditEvent, redis: RedisClient
    ) throws -> OAuthRedemption {
        let keys = code.keys
        let session = Identifier.generate("ses")
        let family = Identifier.generate("rf")
        let refresh = OpaqueToken.generate(.refresh, tag: keys.tenant)
        var audit = audit
        audit.tenant = keys.tenant
        let reply = try redis.evaluate(
            redeemScript, keys: [.string(recordKey(code))],
            arguments: [
                .string(keys.prefix), .integer(now), .integer(now + grantLifetimeSeconds * 1000),
                .string(presentation.clientID), presentation.redirectURI == nil ? "0" : "1",
                .string(presentation.redirectURI ?? ""), .string(presentation.defaultRedirectURI ?? ""),
                .string(presentation.verifierChallenge ?? ""), .string(session), .string(family),
                .string(refresh.hashHex), .string(ownResource.uri), presentation.resource == nil ? "0" : "1",
                .string(presentation.resource.map { $0 == ownResource ? "" : $0.uri } ?? ""),
            ] + AuditLog.scriptArguments(audit))
        guard let items = reply.arrayValue, items.count == 3, let outcome = items[0].stringValue else {
            throw RedisError.protocol("unexpected code redemption reply")
        }
        switch outcome {
        case "issued":
            let fields = items[1].hashFields
            guard let subject = SessionSubject(kind: .user, fields: items[2].hashFields),
                let scopes = ScopeSet(parsing: fields["scope"] ?? "")
            else { return .invalid }
            let resource = (fields["resource"] ?? "").isEmpty ? nil : OAuthResource(canonicalizing: fields["resource"]!)
            let grant = OAuthGrant(session: session, clientID: presentation.clientID, scopes: scopes, resource: resource)
            return .issued(grant, subject: subject, refreshToken: refresh)
        case "reuse": return .reused
        case "target": return .resourceMismatch
        default: return .invalid
        }
    }

    /// KEYS[1] the code record. ARGV: prefix, now, grant expiry, client id, redirect_uri sent
    /// (1|0), redirect_uri, the client's only redirect URI or '', the verifier's challenge or '',
    /// session id, family id, refresh-token hash, the own API's resource URI, resource sent (1|0),
    /// resource ('' = the own API), then the audit record's name/value pairs. Returns {outcome, code fields, owner fields}.
    static let redeemScript = RedisScript(
        AuditLog.luaFunction + RefreshStore.hashMapFunction + """
            local p, now = ARGV[1], tonumber(ARGV[2])
            local code, codeRaw = map(KEYS[1])
            local function decide()
              if not code['client'] or code['client'] ~= ARGV[4] then return {'invalid', {}, {}} end
              if code['state'] == 'redeemed' then
                if code['grant'] then
                  local session = p .. 'session:' .. code['grant']
                  local family = redis.call('HGET', session, 'family')
                  if family then
                    redis.call('HSET', session, 'revoked_at', ARGV[2])
                    redis.call('HSET', p .. 'rf:' .. family, 'status', 'revoked', 'revoked_at', ARGV[2],
                      'reason', 'code_reuse')
                  end
                end
                return {'reuse', {}, {}}
              end
              if code['state'] ~= 'issued' or (tonumber(code['expires_at']) or 0) <= now then
                return {'invalid', {}, {}}
              end
              local deleted = redis.call('GET', p .. 'ocrev:' .. ARGV[4])
              if deleted and (tonumber(deleted) or now) >= (tonumber(code['created_at']) or 0) then
                return {'invalid', {}, {}}
              end
              if code['redirect_uri_given'] == '1' then
                if ARGV[5] ~= '1' or ARGV[6] ~= code['redirect_uri'] then return {'invalid', {}, {}} end
              elseif ARGV[5] == '1' and (ARGV[7] == '' or ARGV[6] ~= ARGV[7]) then
                return {'invalid', {}, {}}
              end
              if ARGV[8] == '' or ARGV[8] ~= code['challenge'] then return {'invalid', {}, {}} end
              local owner, ownerRaw = map(p .. 'user:' .. (code['subject'] or ''))
              if owner['status'] ~= 'active' then return {'invalid', {}, {}} end
              local resource = code['resource'] or ''
              if resource == ARGV[12] then resource = '' end
              if ARGV[13] == '1' and ARGV[14] ~= resource then return {'target', {}, {}} end
              local session, family, token = p .. 'session:' .. ARGV[9], p .. 'rf:' .. ARGV[10], p .. 'rt:' .. ARGV[11]
              redis.call('HSET', session, 'id', ARGV[9], 'kind', 'user', 'subject', code['subject'], 'created_at',
                ARGV[2], 'expires_at', ARGV[3], 'family', ARGV[10], 'client', ARGV[4], 'scope', code['scope'],
                'resource', resource)
              redis.call('HSET', family, 'id', ARGV[10], 'session', ARGV[9], 'kind', 'user', 'subject',
                code['subject'], 'client', ARGV[4], 'scope', code['scope'], 'resource', resource, 'status', 'active',
                'created_at', ARGV[2], 'expires_at', ARGV[3])
              redis.call('HSET', token, 'family', ARGV[10], 'state', 'active', 'created_at', ARGV[2])
              for _, key in ipairs({session, family, token}) do redis.call('PEXPIREAT', key, tonumber(ARGV[3])) end
              redis.call('HSET', KEYS[1], 'state', 'redeemed', 'grant', ARGV[9], 'redeemed_at', ARGV[2])
              return {'issued', codeRaw, ownerRaw}
            end
            local reply = decide()
            local record = {status = '400', outcome = 'auth_failed', key_id = code['grant'] or '',
              subject = code['subject'] or ''}
            if reply[1] == 'issued' then
              record = {status = '200', outcome = 'success', subject = code['subject'], key_id = ARGV[9],
                subject_type = 'user'}
            end
            gatehouse_audit(p .. 'audit', ARGV, 15, record)
            return reply
            """, sha1: "6d5a608a5ef836705d3d8439a124105c4727799c")
}
