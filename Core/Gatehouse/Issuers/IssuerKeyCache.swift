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
/// `gh:{jwks:<sha256 of iss>}:fetch` (the last fetch attempt, Unix ms).
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
                throw TokenError(isFresh ? .unknownKeyID : .keySetUnavailable)
            }
            guard let document = try? JWKSFetcher.fetch(url, mode: mode),
                !ExternalKeySet.keys(in: document.body, algorithms: issuer.algorithms).isEmpty
            else { throw TokenError(.keySetUnavailable) }
            try store(document, keys, redis: redis, now: now)
            guard let key = find(kid, in: document.body, issuer: issuer) else { throw TokenError(.unknownKeyID) }
            return key
        } catch let error as TokenError {
            throw error
        } catch {
            throw TokenError(.keySetUnavailable)  // Redis is unwell: fail closed
        }
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

    private static func store(
        _ document: JWKSFetcher.Document, _ keys: StorageKeys, redis: RedisClient, now: Int64
    ) throws(RedisError) {
        let lifetime = document.lifetimeSeconds * 1000
        _ = try redis.pipeline([
            ["HSET", .string(keys.document), "body", .bytes(document.body), "expires_at", RedisArgument(now + lifetime)],
            // Redis forgets the document a while after it is stale; freshness is judged by expires_at.
            ["PEXPIRE", .string(keys.document), RedisArgument(lifetime * 2 + refetchIntervalMilliseconds)],
        ])
    }

    /// KEYS[1] the last attempt; ARGV now (ms), interval (ms). 1 when an attempt may be made (and is
    /// recorded), 0 when the last one is younger than the interval.
    static let fetchScript = RedisScript(
        """
        local last = tonumber(redis.call('GET', KEYS[1]) or '')
        local now, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
        if last and now - last < interval and now >= last then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', interval * 2)
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
