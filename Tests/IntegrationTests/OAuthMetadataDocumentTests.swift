import Foundation
import GatehouseCore
import Synchronization
import Testing

/// Client ID metadata documents fetched with libcurl from a loopback HTTP peer (test mode allows
/// http to loopback), cached in a real Redis; in production mode the address guard refuses
/// loopback and private addresses before any connection is made.
@Suite("client ID metadata documents: libcurl fetch, SSRF guard, size limit, Redis cache")
struct OAuthMetadataDocumentTests {
    /// A request context on a private Redis in `mode`.
    static func context(
        _ redis: RedisTestServer, fixture: GatehouseFixture, mode: Configuration.Mode = .test
    ) throws -> HandlerContext {
        var configuration = try fixture.configuration()
        configuration.mode = mode
        return HandlerContext(
            configuration: configuration, redis: try redis.client(commandTimeoutMilliseconds: 2_000),
            logger: fixture.logs.logger(), requestID: "req_test", parameters: [:],
            now: SystemAccess.currentTimeMilliseconds(), clientAddress: "127.0.0.1")
    }

    /// A private Redis, a tenant on it, and a document peer with nothing to say yet.
    static func setUp() throws -> (RedisTestServer, GatehouseFixture, ScriptedHTTPPeer) {
        let redis = try RedisTestServer()
        return (redis, try GatehouseFixture(redisURL: redis.url), try ScriptedHTTPPeer([]))
    }

    static func document(_ url: String, extra: String = "") -> [UInt8] {
        Array(
            (#"{"client_id":"\#(url)","client_name":"Doc client","redirect_uris":["http://127.0.0.1/callback"]"#
                + extra + "}").utf8)
    }

    @Test("a valid document becomes a metadata_document client, cached per Cache-Control (one fetch)")
    func fetchAndCache() throws {
        let (redis, fixture, peer) = try Self.setUp()
        let url = "http://127.0.0.1:\(peer.port)/oauth/client.json"
        peer.play([.reply(status: 200, headers: ["Cache-Control": "max-age=300"], body: Self.document(url))])
        let context = try Self.context(redis, fixture: fixture)
        let client = try #require(try OAuthClientStore.client(url, context: context))
        #expect(client.id == url && client.origin == .metadataDocument && client.authMethod == .none)
        #expect(client.name == "Doc client" && client.redirectURI(for: "http://127.0.0.1:4711/callback") != nil)
        let again = try OAuthClientStore.client(url, context: context)
        #expect(again == client)
        #expect(peer.requests.count == 1, "the second lookup must come from the cache")
        let ttl = try context.redis.command(["TTL", .string(OAuthMetadataDocument.cacheKey(url))]).integerValue ?? 0
        #expect(ttl > 290 && ttl <= 300)
        #expect(peer.requests.first?.path == "/oauth/client.json")
    }

    @Test("a burst of 10 lookups on a cold cache fetches once: the others wait for the fetched copy")
    func singleFlight() throws {
        let (redis, fixture, peer) = try Self.setUp()
        let url = "http://127.0.0.1:\(peer.port)/oauth/burst.json"
        let answer = ScriptedHTTPPeer.Action.reply(
            status: 200, headers: ["Cache-Control": "max-age=300"], body: Self.document(url))
        peer.play(Array(repeating: .delayed(milliseconds: 400, answer), count: 10))
        // Each context (and its Redis connection) is used by one thread only.
        nonisolated(unsafe) let contexts = try (0..<10).map { _ in try Self.context(redis, fixture: fixture) }
        let ids = Mutex<[String?]>([])
        DispatchQueue.concurrentPerform(iterations: 10) { index in
            let client = try? OAuthClientStore.client(url, context: contexts[index])
            ids.withLock { $0.append(client?.id) }
        }
        #expect(ids.withLock { $0 } == Array(repeating: url, count: 10), "every lookup got the client")
        #expect(peer.requests.count == 1, "the burst fetched \(peer.requests.count) times")
        let lock = OAuthMetadataDocument.cacheKey(url) + ":fetch"
        #expect(try contexts[0].redis.command(["EXISTS", .string(lock)]).integerValue == 0, "the lock is released")
    }

    @Test("the cache keeps a document at most a day, whatever max-age says")
    func cappedLifetime() throws {
        let (redis, fixture, peer) = try Self.setUp()
        let url = "http://127.0.0.1:\(peer.port)/c.json"
        peer.play([.reply(status: 200, headers: ["Cache-Control": "max-age=31536000"], body: Self.document(url))])
        let context = try Self.context(redis, fixture: fixture)
        #expect(try OAuthClientStore.client(url, context: context) != nil)
        let ttl = try context.redis.command(["TTL", .string(OAuthMetadataDocument.cacheKey(url))]).integerValue ?? 0
        #expect(ttl > 86_000 && ttl <= 86_400)
    }

    @Test("a private or loopback address is refused outside test mode, before any connection")
    func privateAddressRefused() throws {
        let (redis, fixture, peer) = try Self.setUp()
        let context = try Self.context(redis, fixture: fixture, mode: .production)
        for url in [
            "https://127.0.0.1:\(peer.port)/client.json", "https://localhost:\(peer.port)/client.json",
            "https://[::1]:\(peer.port)/client.json", "https://10.0.0.1/client.json",
            "https://169.254.169.254/latest/meta-data",
        ] {
            let before = fixture.logs.text.components(separatedBy: "refused to connect to a non-public address").count
            #expect(try OAuthClientStore.client(url, context: context) == nil, "\(url)")
            let after = fixture.logs.text.components(separatedBy: "refused to connect to a non-public address").count
            #expect(after == before + 1, "\(url) was not refused by the address guard: \(fixture.logs.text.suffix(300))")
        }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(peer.requests.isEmpty, "the guard must refuse before connecting")
        // http is not a metadata document in production at all.
        #expect(!OAuthMetadataDocument.isDocumentID("http://127.0.0.1:\(peer.port)/c", mode: .production))
    }

    @Test("a document over 5 KB is refused, and the refusal is remembered for a minute")
    func oversizedRefused() throws {
        let (redis, fixture, peer) = try Self.setUp()
        let url = "http://127.0.0.1:\(peer.port)/big.json"
        let padding = #","logo_uri":"https://x.example/\#(String(repeating: "l", count: 5_200))""#
        peer.play([.reply(status: 200, body: Self.document(url, extra: padding))])
        let context = try Self.context(redis, fixture: fixture)
        #expect(try OAuthClientStore.client(url, context: context) == nil)
        #expect(fixture.logs.text.contains("larger than \(OAuthMetadataDocument.maximumSize) bytes"))
        #expect(try OAuthClientStore.client(url, context: context) == nil)
        #expect(peer.requests.count == 1)
        let key = OAuthMetadataDocument.cacheKey(url)
        #expect(try context.redis.command(["GET", .string(key)]).stringValue == "")
        let ttl = try context.redis.command(["TTL", .string(key)]).integerValue ?? 0
        #expect(ttl > 0 && ttl <= 60)
    }

    @Test(
        "a redirect, an error status, a client_id other than the URL, a bad redirect URI or a secret method is unusable",
        arguments: ["redirect", "status", "client_id", "redirect_uri", "secret"])
    func unusable(kind: String) throws {
        let (redis, fixture, peer) = try Self.setUp()
        let url = "http://127.0.0.1:\(peer.port)/client.json"
        let reply: ScriptedHTTPPeer.Action =
            switch kind {
            case "redirect": .reply(status: 302, headers: ["Location": "/other.json"], body: Self.document(url))
            case "status": .reply(status: 404)
            case "client_id": .reply(status: 200, body: Self.document("https://evil.example/client.json"))
            case "redirect_uri":
                .reply(
                    status: 200,
                    body: Array(#"{"client_id":"\#(url)","redirect_uris":["javascript:alert(1)"]}"#.utf8))
            default:
                .reply(
                    status: 200, body: Self.document(url, extra: #","token_endpoint_auth_method":"private_key_jwt""#))
            }
        peer.play([reply, .reply(status: 200, body: Self.document(url))])
        let context = try Self.context(redis, fixture: fixture)
        #expect(try OAuthClientStore.client(url, context: context) == nil)
        #expect(peer.requests.count == 1, "no redirect followed")
    }

    @Test("a redis failure is a store error (the caller answers 503), never a client")
    func redisDown() throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let context = try Self.context(redis, fixture: fixture)
        redis.stop()
        #expect(throws: RedisError.self) { try OAuthClientStore.client("https://app.example/c.json", context: context) }
    }
}
