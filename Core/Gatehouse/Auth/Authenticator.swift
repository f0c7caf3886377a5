/// Resolves whatever credential a request carries to a ``Principal``: access tokens with no I/O
/// (tokens of external issuers with a JWKS URL: one read of the cached key set),
/// session cookies with one script call, every other secret with exactly one Redis round trip (one `EVALSHA` in the secret's own hash slot
/// that reads the snapshot and, on the verify route, counts the per-principal limit).
public enum Authenticator {
    /// The window of the per-principal and unauthenticated limits.
    public static let windowSeconds = 60
    /// Requests per minute per client IP that carry no valid credential (SPEC §4).
    public static let unauthenticatedRule = RateLimitRule(name: "unauth-ip", limit: 30, windowSeconds: 60)

    /// Authenticates a request.
    ///
    /// - Parameters:
    ///   - countLimits: whether to count the per-principal limit (the verify route).
    ///   - audiences: the `aud` values an access token may carry; nil: the configured audience
    ///     alone (every Gatehouse route). `/v1/verify` guarding a resource passes that resource's.
    /// - Throws: ``AuthenticationFailure`` for a refused credential; ``RedisError`` when the store
    ///   cannot be used (the caller answers 503).
    public static func authenticate(
        _ request: APIRequest, configuration: Configuration, redis: RedisClient, now: Int64, countLimits: Bool,
        audiences: [String]? = nil
    ) throws -> Authenticated {
        let presented = try presentedCredential(request, configuration: configuration)
        let requestedApp = request.headers["x-app-id"]?.trimmingASCIIWhitespace()
        if case .session(let cookie) = presented {
            return try authenticateSession(cookie, requestedApp: requestedApp, redis: redis, now: now)
        }
        guard let secret = presented.secret else {
            guard case .accessToken(let token) = presented else {
                throw AuthenticationFailure(error: .authentication(), credentialType: .accessToken)
            }
            if let issuer = externalIssuer(of: token, configuration) {
                return try authenticateExternal(
                    token, issuer: issuer, requestedApp: requestedApp, configuration: configuration, redis: redis,
                    now: now)
            }
            return try authenticateAccessToken(
                token, requestedApp: requestedApp, audiences: audiences ?? [configuration.audience],
                configuration: configuration, redis: redis, now: now)
        }
        return try authenticateSecret(
            secret, presented: presented, requestedApp: requestedApp, countLimits: countLimits, redis: redis, now: now)
    }

    /// The one credential a request carries; 401 when it carries none, 400 for a malformed one.
    static func presentedCredential(
        _ request: APIRequest, configuration: Configuration
    ) throws(AuthenticationFailure) -> PresentedCredential {
        let presented: PresentedCredential?
        do {
            presented = try PresentedCredential.from(
                request.headers, sessionCookie: request.cookie(named: configuration.cookieName))
        } catch {
            throw AuthenticationFailure(error: error)
        }
        guard let presented else { throw AuthenticationFailure(error: .authentication()) }
        return presented
    }

    /// A Gatehouse access token: verified offline (no I/O), then, for a token of an OAuth grant,
    /// the one read that says whether its grant or client has ended.
    static func authenticateAccessToken(
        _ token: String, requestedApp: String?, audiences: [String], configuration: Configuration,
        redis: RedisClient, now: Int64
    ) throws -> Authenticated {
        guard let keys = configuration.accessTokenVerificationKeys else {
            throw AuthenticationFailure(error: .authentication(), credentialType: .accessToken)
        }
        let verifier = JWTVerifier(keys: keys, issuer: configuration.issuer, audience: configuration.audience)
        do {
            let claims = try verifier.verify(token, now: now / 1000, audiences: audiences)
            let principal = try AuthenticationPolicy.principal(claims: claims, requestedApp: requestedApp)
            try refuseEndedGrant(claims: claims, principal: principal, redis: redis)
            return Authenticated(principal: principal)
        } catch let failure as AuthenticationFailure {
            throw failure
        } catch let error as RedisError {
            throw error
        } catch let error as GatehouseError {
            throw AuthenticationFailure(error: error, credentialType: .accessToken)
        } catch {
            throw AuthenticationFailure(
                error: .authentication("Invalid or expired access token"), credentialType: .accessToken)
        }
    }

    /// A stored secret (API key, agent key, platform credential): one `EVALSHA` reads its snapshot
    /// and, on the verify route, counts its per-principal limit.
    static func authenticateSecret(
        _ secret: APIKey, presented: PresentedCredential, requestedApp: String?, countLimits: Bool,
        redis: RedisClient, now: Int64
    ) throws -> Authenticated {
        let keys = CredentialKeys(secret.hashHex)
        let reply = try redis.evaluate(
            script, keys: [.string(keys.snapshot), .string(keys.rateLimit)],
            arguments: [
                .integer(now), countLimits ? "1" : "0", RedisArgument(100), RedisArgument(1000),
                RedisArgument(Int64(windowSeconds) * 1000),
            ])
        guard let items = reply.arrayValue, items.count == 2 else { throw RedisError.protocol("unexpected auth reply") }
        let snapshot = CredentialSnapshot(fields: items[0].hashFields)
        var failure = AuthenticationFailure(error: .authentication(), credentialType: presented.credentialType)
        if let snapshot, ConstantTime.equals(snapshot.hashHex, secret.hashHex) {
            failure.tenant = snapshot.tenant
            failure.keyID = snapshot.id
            failure.keyPrefix = snapshot.prefix
        }
        let principal: Principal
        do {
            principal = try AuthenticationPolicy.principal(
                presented: presented, snapshot: snapshot, requestedApp: requestedApp, now: now)
        } catch {
            failure.error = error
            throw failure
        }
        let decision = try verifyLimitDecision(items[1], snapshot: snapshot)
        if let decision, !decision.allowed {
            failure.error = .rateLimited(retryAfter: decision.retryAfterSeconds ?? windowSeconds, headers: decision.headers)
            throw failure
        }
        return Authenticated(principal: principal, rateLimit: decision)
    }

    /// The per-principal limit the script counted, if the credential has one.
    static func verifyLimitDecision(_ reply: RedisReply, snapshot: CredentialSnapshot?) throws -> RateLimitDecision? {
        guard reply.arrayValue?.isEmpty == false, let snapshot,
            let limit = AuthenticationPolicy.verifyLimit(kind: snapshot.kind, perCredential: snapshot.rateLimitPerMinute)
        else { return nil }
        return try RateLimiter.decision(
            from: reply, rule: RateLimitRule(name: "principal", limit: limit, windowSeconds: windowSeconds))
    }

    /// A session cookie: one round trip (``SessionStore/resolve(_:now:redis:)``), then
    /// ``AuthenticationPolicy/principal(sessionID:subject:requestedApp:)``. Unknown, expired,
    /// revoked (logout) sessions and disabled users are 401; administrators' sessions 403.
    static func authenticateSession(
        _ cookie: OpaqueToken, requestedApp: String?, redis: RedisClient, now: Int64
    ) throws -> Authenticated {
        guard let (session, subject) = try SessionStore.resolve(cookie, now: now, redis: redis) else {
            throw AuthenticationFailure(
                error: .authentication(PresentedCredential.sessionMessage), credentialType: .session)
        }
        do {
            return Authenticated(
                principal: try AuthenticationPolicy.principal(
                    sessionID: session.id, subject: subject, requestedApp: requestedApp))
        } catch {
            var tenant: String?
            if case .user(let user) = subject { tenant = user.tenant }
            throw AuthenticationFailure(error: error, credentialType: .session, tenant: tenant, keyID: session.id)
        }
    }

    /// Counts one unauthenticated request from a client address (30 a minute, SPEC §4).
    public static func countUnauthenticated(
        address: String?, redis: RedisClient, now: Int64
    ) throws -> RateLimitDecision {
        let key = "gh:{ip:\(address ?? "unknown")}:rl:\(unauthenticatedRule.name)"
        return try RateLimiter.check(unauthenticatedRule, key: key, client: redis, nowMilliseconds: now)
    }

    /// KEYS[1] the snapshot, KEYS[2] its rate-limit window. ARGV: now (ms), count (1/0), agent limit,
    /// platform limit, window (ms). Returns {snapshot fields, limiter reply or {}}; counts only a
    /// usable credential that has a limit.
    static let script = RedisScript(
        RateLimiter.luaFunction + """

            local c = redis.call('HGETALL', KEYS[1])
            if #c == 0 or ARGV[2] ~= '1' then return {c, {}} end
            local f = {}
            for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
            local now = tonumber(ARGV[1])
            local revoked, expires = tonumber(f['revoked_at'] or ''), tonumber(f['expires_at'] or '')
            if (revoked and revoked <= now) or (expires and expires <= now) or f['creator_status'] == 'disabled' then
                return {c, {}}
            end
            local limit = tonumber(f['rate_limit'] or '')
            if not limit then
                if f['kind'] == 'agent_key' then limit = tonumber(ARGV[3])
                elseif f['kind'] == 'platform' then limit = tonumber(ARGV[4]) end
            end
            if not limit then return {c, {}} end
            return {c, gatehouse_rate_limit(KEYS[2], limit, tonumber(ARGV[5]), now)}
            """, sha1: "2d66b80cc760e07d2673493cbef2f22f9d06f055")
}
