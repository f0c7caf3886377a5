import Crypto

/// The JWK Sets of issuers configured with a `jwks_uri`, cached in Redis so that every process
/// (every CGI request, every Lambda) shares one copy and the endpoint sees at most one fetch a
/// minute per issuer, however many tokens arrive.
///
/// A document is kept for the lifetime its `Cache-Control` gives (``JWKSFetcher/lifetime(cacheControl:)``).
/// A token whose `kid` is not in the cached document, or that arrives after the lifetime, needs a
/// refetch; only one refetch per issuer per minute is attempted (an atomic script decides which
/// request makes it). When the endpoint is down, cached keys keep working until their lifetime
/// ends; after that, tokens that need a refetch are answered 503 (``TokenError/Reason/keySetUnavailable``).
///
/// Keys: `gh:{jwks:<sha256 of iss>}` (hash: `body`, `expires_at` in Unix ms) and
/// `gh:{jwks:<sha256 of iss>}:fetch` (the last fetch attempt, `<Unix ms>:pending|done|failed`;
/// requests that find an attempt pending wait for it, up to the fetch timeout).
enum IssuerKeyCache {
    /// The least time between two fetches of one issuer's JWK Set.
    static let refetchIntervalMilliseconds: Int64 = 60_000

    /// The key named `kid` for `issuer`, whose JWK Set is at `url`, at `now` (Unix ms).
    static func key(
        kid: String, issuer: TrustedIssuer, url: String, redis: RedisClient, mode: Configuration.Mode, now: Int64
    ) throws(TokenError) -> VerificationKey {
        let keys = StorageKeys(issuer: issuer.issuer)
        do {
            let cached = try redis.command(["HMGET", .string(keys.document), "body", "expires_at"]).arrayValue ?? []
            let body = cached.first?.bytes
            let isFresh = (cached.last?.stringValue.flatMap { Int64($0) }).map { $0 > now } ?? false
            if isFresh, let body, let key = find(kid, in: body, issuer: issuer) { return key }

            // The token needs a refetch: an unknown kid, or no fresh document.
            guard try mayFetch(keys, redis: redis, now: now) else {
                // Another request is fetching right now (a cold cache under a burst): wait for its result.
                if let key = try awaitConcurrentFetch(kid: kid, keys, issuer: issuer, redis: redis, now: now) {
                    return key
                }
                throw TokenError(isFresh ? .unknownKeyID : .keySetUnavailable)
            }
            guard let document = try? JWKSFetcher.fetch(url, mode: mode),
                !ExternalKeySet.keys(in: document.body, algorithms: issuer.algorithms).isEmpty
            else {
                try record("failed", keys, redis: redis, now: now)
                throw TokenError(.keySetUnavailable)
            }
            try store(document, keys, redis: redis, now: now)
            guard let key = find(kid, in: document.body, issuer: issuer) else { throw TokenError(.unknownKeyID) }
            return key
        } catch let error as TokenError {
            throw error
        } catch {
            throw TokenError(.keySetUnavailable)  // Redis is unwell: fail closed
        }
    }

    /// While another request's fetch is pending (at most the fetch timeout), polls the cache; the
    /// key once the fetched document has it, nil when the fetch ended without it.
    private static func awaitConcurrentFetch(
        kid: String, _ keys: StorageKeys, issuer: TrustedIssuer, redis: RedisClient, now: Int64
    ) throws(RedisError) -> VerificationKey? {
        let deadline = SystemAccess.monotonicNanoseconds() + UInt64(JWKSFetcher.timeoutMilliseconds + 500) * 1_000_000
        while SystemAccess.monotonicNanoseconds() < deadline {
            let replies = try redis.pipeline([
                ["GET", .string(keys.lastFetch)], ["HMGET", .string(keys.document), "body", "expires_at"],
            ])
            let cached = replies[1].arrayValue ?? []
            if let body = cached.first?.bytes, let expiry = cached.last?.stringValue.flatMap({ Int64($0) }),
                expiry > now, let key = find(kid, in: body, issuer: issuer)
            {
                return key
            }
            guard replies[0].stringValue?.hasSuffix(":pending") == true else { return nil }
            SystemAccess.sleep(milliseconds: 25)
        }
        return nil
    }

    private static func find(_ kid: String, in body: [UInt8], issuer: TrustedIssuer) -> VerificationKey? {
        ExternalKeySet.keys(in: body, algorithms: issuer.algorithms).first { $0.kid == kid }
    }

    /// Whether this request may fetch now (no attempt within the last minute); records the attempt.
    private static func mayFetch(_ keys: StorageKeys, redis: RedisClient, now: Int64) throws(RedisError) -> Bool {
        let reply = try redis.evaluate(
            fetchScript, keys: [.string(keys.lastFetch)],
            arguments: [RedisArgument(now), RedisArgument(refetchIntervalMilliseconds)])
        return reply.integerValue == 1
    }

    /// Marks the current attempt's outcome (`done` or `failed`) for requests waiting on it.
    private static func record(_ outcome: String, _ keys: StorageKeys, redis: RedisClient, now: Int64) throws(RedisError) {
        _ = try redis.command([
            "SET", .string(keys.lastFetch), .string("\(now):\(outcome)"), "PX", RedisArgument(refetchIntervalMilliseconds * 2),
        ])
    }

    private static func store(
        _ document: JWKSFetcher.Document, _ keys: StorageKeys, redis: RedisClient, now: Int64
    ) throws(RedisError) {
        let lifetime = document.lifetimeSeconds * 1000
        _ = try redis.pipeline([
            ["HSET", .string(keys.document), "body", .bytes(document.body), "expires_at", RedisArgument(now + lifetime)],
            // Redis forgets the document a while after it is stale; freshness is judged by expires_at.
            ["PEXPIRE", .string(keys.document), RedisArgument(lifetime * 2 + refetchIntervalMilliseconds)],
            ["SET", .string(keys.lastFetch), .string("\(now):done"), "PX", RedisArgument(refetchIntervalMilliseconds * 2)],
        ])
    }

    /// KEYS[1] the last attempt, `<ms>:pending|done|failed`; ARGV now (ms), interval (ms). 1 when an
    /// attempt may be made (and is recorded as pending), 0 when the last one is younger than the interval.
    static let fetchScript = RedisScript(
        """
        local last = tonumber(string.match(redis.call('GET', KEYS[1]) or '', '^%d+') or '')
        local now, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
        if last and now - last < interval and now >= last then return 0 end
        redis.call('SET', KEYS[1], ARGV[1] .. ':pending', 'PX', interval * 2)
        return 1
        """)

    /// The Redis keys of one issuer, in one hash slot.
    struct StorageKeys {
        let document: String
        let lastFetch: String

        init(issuer: String) {
            let digest = SHA256.hash(data: Array(issuer.utf8))
            document = "gh:{jwks:\(Hex.encode(Array(digest)))}"
            lastFetch = document + ":fetch"
        }
    }
}
