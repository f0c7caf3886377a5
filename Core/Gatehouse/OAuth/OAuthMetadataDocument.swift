import Crypto

/// Client ID metadata documents (OAUTH.md "Clients"; draft-ietf-oauth-client-id-metadata-document):
/// a `client_id` that is an `https://` URL names a JSON document at that URL describing the client.
/// Gatehouse fetches it with ``JWKSFetcher``'s guards (libcurl, https only, no connection to a
/// private, loopback or link-local address outside local and test mode, no redirects), at most
/// ``maximumSize`` bytes in at most ``timeoutMilliseconds``, and caches it in Redis per
/// `Cache-Control`, at most a day:
///
/// ```
/// gh:cimd:{<sha256 of url>}       STRING  the document (valid ones only), or "" for 60 s after a failed fetch
/// gh:cimd:{<sha256 of url>}:fetch STRING  held (`SET NX`) while one request fetches the document
/// ```
///
/// Fetches are single-flight: on a cold cache one request takes the fetch lock and fetches; the
/// others of a burst poll the cache every ``fetchPollMilliseconds`` until the copy (or the
/// remembered failure) appears, for as long as a fetch may last, and only then fetch themselves.
///
/// The document's `client_id` must equal the URL, its `redirect_uris` pass ``OAuthRedirectURI``,
/// and it describes a public client (`token_endpoint_auth_method` absent or `none`; a secret or
/// `private_key_jwt` → unusable). The client it yields has origin ``OAuthClient/Origin/metadataDocument``.
public enum OAuthMetadataDocument {
    /// The largest document accepted, in bytes.
    public static let maximumSize = 5 * 1024
    /// The limit for a whole fetch.
    public static let timeoutMilliseconds = 5_000
    /// How long a failed fetch is remembered, so one URL is not fetched on every request.
    public static let failureLifetimeSeconds: Int64 = 60
    /// The longest client id URL accepted.
    public static let maximumURLLength = 1024
    /// How often a request waiting for another's fetch reads the cache.
    public static let fetchPollMilliseconds = 50

    /// Whether `id` names a metadata document: an `https://` URL with a path (local and test mode
    /// also take `http://` to a loopback host, for tests).
    public static func isDocumentID(_ id: String, mode: Configuration.Mode) -> Bool {
        guard id.utf8.count <= maximumURLLength, !id.contains("#"),
            !id.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }),
            JWKSFetcher.problem(with: id, mode: mode) == nil, id.hasPrefix("https://") || id.hasPrefix("http://"),
            let authority = OAuthRedirectURI.authority(of: id), !authority.contains("@")
        else { return false }
        let path = id.dropFirst(id.hasPrefix("https://") ? 8 : 7).dropFirst(authority.count)
        return path.hasPrefix("/") && path.count > 1
    }

    /// The Redis key of the cached document of `url`.
    public static func cacheKey(_ url: String) -> String {
        "gh:cimd:{" + Hex.encode(SHA256.hash(data: Array(url.utf8))) + "}"
    }

    /// The client a document describes: from the cache (one round trip), else fetched, checked
    /// and cached by this request or, when another holds the fetch lock, by that one; nil when the
    /// document cannot be fetched or is not valid.
    public static func client(_ url: String, context: HandlerContext) throws -> OAuthClient? {
        let key = cacheKey(url)
        if let cached = try cachedCopy(key, redis: context.redis) ?? (try waitForFetch(key, context: context)) {
            return cached.isEmpty ? nil : try? parse(cached, url: url)
        }
        return try fetch(url, key: key, context: context)
    }

    /// The cached document (empty: a remembered failure), nil when none is cached.
    private static func cachedCopy(_ key: String, redis: RedisClient) throws -> [UInt8]? {
        try redis.command(["GET", .string(key)]).bytes
    }

    /// Takes the fetch lock (nil: this request fetches), or waits for the request holding it and
    /// returns the copy it cached (nil when none appeared within a fetch's time).
    private static func waitForFetch(_ key: String, context: HandlerContext) throws -> [UInt8]? {
        let lock: [RedisArgument] = [
            "SET", .string(key + ":fetch"), "1", "NX", "PX", .integer(Int64(timeoutMilliseconds + 1_000)),
        ]
        guard try context.redis.command(lock).stringValue != "OK" else { return nil }
        for _ in 0..<(timeoutMilliseconds / fetchPollMilliseconds) {
            SystemAccess.sleep(milliseconds: fetchPollMilliseconds)
            if let copy = try cachedCopy(key, redis: context.redis) { return copy }
        }
        return nil
    }

    /// Fetches, checks and caches the document (or remembers the failure) and releases the lock.
    private static func fetch(_ url: String, key: String, context: HandlerContext) throws -> OAuthClient? {
        defer { _ = try? context.redis.command(["DEL", .string(key + ":fetch")]) }
        do {
            let document = try JWKSFetcher.fetch(
                url, mode: context.configuration.mode, timeoutMilliseconds: timeoutMilliseconds,
                maximumBodySize: maximumSize)
            let client = try parse(document.body, url: url)
            _ = try context.redis.command([
                "SET", .string(key), .bytes(document.body), "EX",
                .integer(min(document.lifetimeSeconds, JWKSFetcher.lifetimeBounds.upperBound)),
            ])
            return client
        } catch let failure as JWKSFetcher.Failure {
            try rememberFailure(key, reason: failure.description, context: context)
        } catch let refusal as GatehouseError {
            try rememberFailure(key, reason: refusal.message, context: context)
        }
        return nil
    }

    private static func rememberFailure(_ key: String, reason: String, context: HandlerContext) throws {
        context.logger.warning("client metadata document unusable", metadata: ["reason": .string(reason)])
        _ = try context.redis.command(["SET", .string(key), "", "EX", .integer(failureLifetimeSeconds)])
    }

    /// The client a document body describes (pure).
    ///
    /// - Throws: ``GatehouseError`` `invalid_client_metadata` / `invalid_redirect_uri` naming the problem.
    public static func parse(_ body: some Collection<UInt8>, url: String) throws(GatehouseError) -> OAuthClient {
        guard body.count <= maximumSize else {
            throw OAuthClientMetadata.invalid("The document exceeds \(maximumSize) bytes")
        }
        guard let object = (try? JSONValue.parse(body))?.objectValue else {
            throw OAuthClientMetadata.invalid("The document must be a JSON object")
        }
        let metadata = try OAuthClientMetadata.parse(object, source: .document(url: url))
        return OAuthClient(
            id: url, name: metadata.name, redirectURIs: metadata.redirectURIs, authMethod: .none,
            applicationType: metadata.applicationType, scope: metadata.scope, origin: .metadataDocument,
            clientURI: metadata.clientURI, createdAt: 0)
    }
}
