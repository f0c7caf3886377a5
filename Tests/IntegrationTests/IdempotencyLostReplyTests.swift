import Foundation
import GatehouseCore
import Synchronization
import Testing

/// Idempotent creation when the connection to Redis breaks after a command was sent (its reply
/// lost): the write and its idempotency record commit together, so the retry replays; a failed
/// attempt frees its key at once.
@Suite("Idempotency-Key under lost replies (a proxy that closes the connection after a command ran)")
struct IdempotencyLostReplyTests {
    let body = #"{"name":"once","scopes":["data:read"]}"#

    /// A private Redis, a fixture tenant in it, and a proxy that loses the reply of the `occurrence`-th
    /// chunk containing `marker` (once), forwarding everything else.
    struct Setup {
        let server: RedisTestServer
        let fixture: GatehouseFixture
        let proxy: RedisFaultProxy

        init(marker: String, occurrence: Int = 1) throws {
            server = try RedisTestServer()
            fixture = try GatehouseFixture(redisURL: server.url)
            // Load every script first, so the counted chunks are the real commands, not NOSCRIPT misses.
            for (path, json) in [
                ("/v1/api_keys", #"{"name":"warm","scopes":["data:read"]}"#), ("/v1/apps", #"{"name":"Warm"}"#),
            ] {
                _ = try fixture.call(
                    "POST", path, key: fixture.ownerKey.text, headers: ["Idempotency-Key": "warm-up"], json: json)
            }
            let seen = Atomic<Int>(0)
            let needle = Array(marker.utf8)
            proxy = try RedisFaultProxy(upstream: server.socketPath) { chunk in
                guard Self.contains(chunk, needle) else { return .forward }
                return seen.wrappingAdd(1, ordering: .relaxed).newValue == occurrence ? .loseReply : .forward
            }
        }

        static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard haystack.count >= needle.count else { return false }
            return (0...(haystack.count - needle.count)).contains { start in
                haystack[start..<(start + needle.count)].elementsEqual(needle)
            }
        }

        func create(_ path: String, json: String, idempotencyKey: String) throws -> APIResponse {
            try fixture.call(
                "POST", path, key: fixture.ownerKey.text, headers: ["Idempotency-Key": idempotencyKey], json: json,
                redisURL: proxy.url)
        }
    }

    @Test("the reply of the key's write is lost: the retry replays the same key, one key exists, and it works")
    func lostWriteReply() throws {
        let setup = try Setup(marker: ":keyhash")
        let before = try setup.fixture.store.keys(tenant: setup.fixture.tenant).count
        let first = try setup.create("/v1/api_keys", json: body, idempotencyKey: "lost-1")
        let retry = try setup.create("/v1/api_keys", json: body, idempotencyKey: "lost-1")
        #expect(first.status == 503 || first.status == 201, "first attempt: \(first.status)")
        #expect(retry.status == 201, "retry: \(retry.status) \(String(decoding: retry.body, as: UTF8.self))")
        #expect(try setup.fixture.store.keys(tenant: setup.fixture.tenant).count == before + 1, "not exactly one key")
        let minted = try #require(retry.json["key"]?.stringValue)
        let verify = try setup.fixture.call("GET", "/v1/verify", key: minted, redisURL: setup.server.url)
        #expect(verify.status == 200, "the replayed key does not authenticate")
    }

    @Test("the reply of the in-flight marker is lost: the attempt fails and a retry at once is not 409")
    func lostBeginReply() throws {
        let setup = try Setup(marker: ":idem:")
        let first = try setup.create("/v1/api_keys", json: body, idempotencyKey: "lost-2")
        #expect(first.status == 503)
        let retry = try setup.create("/v1/api_keys", json: body, idempotencyKey: "lost-2")
        #expect(retry.status == 201, "retry: \(retry.status) \(retry.errorCode ?? "")")
    }

    @Test("the reply that records a finished app is lost: the retry replays it and one app exists")
    func lostFinishReply() throws {
        let setup = try Setup(marker: ":idem:", occurrence: 2)
        let first = try setup.create("/v1/apps", json: #"{"name":"Once"}"#, idempotencyKey: "lost-3")
        let retry = try setup.create("/v1/apps", json: #"{"name":"Once"}"#, idempotencyKey: "lost-3")
        #expect(first.status == 503 || first.status == 201)
        #expect(retry.status == 201, "retry: \(retry.status) \(retry.errorCode ?? "")")
        #expect(try setup.fixture.store.apps(tenant: setup.fixture.tenant).count == 2, "the warm-up app and one more")
    }

    @Test("every attempt under a resetting proxy: exactly one key per Idempotency-Key", arguments: 1...4)
    func oneKeyPerIdempotencyKey(occurrence: Int) throws {
        let setup = try Setup(marker: ":{", occurrence: occurrence)
        let before = try setup.fixture.store.keys(tenant: setup.fixture.tenant).count
        var statuses: [Int] = []
        for _ in 0..<4 {
            let response = try setup.create("/v1/api_keys", json: body, idempotencyKey: "many-\(occurrence)")
            statuses.append(response.status)
            if response.status == 201 { break }
        }
        #expect(statuses.last == 201, "never succeeded: \(statuses)")
        #expect(!statuses.contains(409) && !statuses.contains(500), "\(statuses)")
        #expect(try setup.fixture.store.keys(tenant: setup.fixture.tenant).count == before + 1, "\(statuses)")
    }
}
