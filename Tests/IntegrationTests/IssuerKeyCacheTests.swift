import Foundation
import GatehouseCore
import Testing

/// The JWKS of a `jwks_uri` issuer: fetched from a real endpoint on loopback, cached in the real
/// Redis, refetched at most once a minute (judged by the application's clock, which the tests move).
@Suite("external issuer JWKS: Redis cache, one refetch a minute, endpoint down, fetch guards")
struct IssuerKeyCacheTests {

    struct Issuer {
        let fixture: GatehouseFixture
        let name: String
        let document: String
        let address = ExternalIssuerTests.address()

        func verify(_ token: String, clock: TestClock) throws -> APIResponse {
            try fixture.call(
                "GET", "/v1/verify", key: token, clock: clock, extra: ["GATEHOUSE_TRUSTED_ISSUERS": document],
                remoteAddress: address)
        }

        var fetches: Int { JWKSEndpoint.shared.fetches(name) }
    }

    /// An ES256 issuer whose JWKS is served under a new name; tokens for `kids` (each signed by the key of that name).
    static func issuer(kids: [String]) throws -> (Issuer, MintedTokens) {
        let fixture = try GatehouseFixture()
        let name = "cache-" + UUID().uuidString
        // Each test has an issuer of its own: the Redis cache is keyed by iss.
        let issuer = "https://\(name.lowercased()).example-idp.test/"
        let minted = try IssuerHarness.mint(
            keys: Dictionary(uniqueKeysWithValues: kids.map { ($0, "EC") }),
            tokens: kids.map { kid in
                TokenSpec(
                    name: kid, library: "joserfc", key: kid, alg: "ES256", header: ["kid": .string(kid)],
                    claims: ExternalIssuerTests.claims(issuer, ["aud": "api", "sub": .string("user-\(kid)")]))
            })
        let document = IssuerHarness.document([
            "issuer": .string(issuer), "audiences": ["api"], "jwks_uri": .string(JWKSEndpoint.shared.url(name)),
            "algorithms": ["ES256"], "tenant": ["value": .string(fixture.tenant)], "role": ["value": "viewer"],
        ])
        return (Issuer(fixture: fixture, name: name, document: document), minted)
    }

    @Test("issuer key rotation: a new kid is picked up after one refetch, at most one refetch a minute")
    func rotation() throws {
        let (issuer, minted) = try Self.issuer(kids: ["k1", "k2", "k3"])
        let clock = TestClock()
        try JWKSEndpoint.shared.serve(issuer.name, minted.keySet([("k1", "ES256")]), cacheControl: "max-age=3600")
        #expect(try issuer.verify(minted[token: "k1"], clock: clock).status == 200)
        #expect(try issuer.verify(minted[token: "k1"], clock: clock).status == 200)
        #expect(issuer.fetches == 1, "the second token is served from the Redis cache")

        // The issuer rotates: k2 is published. Within the minute of the first fetch: no refetch.
        try JWKSEndpoint.shared.serve(issuer.name, minted.keySet([("k1", "ES256"), ("k2", "ES256")]), cacheControl: "max-age=3600")
        clock.advance(30_000)
        #expect(try issuer.verify(minted[token: "k2"], clock: clock).status == 401)
        #expect(issuer.fetches == 1)
        clock.advance(31_000)
        let rotated = try issuer.verify(minted[token: "k2"], clock: clock)
        #expect(rotated.status == 200 && rotated.json["subject"] == "user-k2", "\(String(decoding: rotated.body, as: UTF8.self))")
        #expect(issuer.fetches == 2)
        // An unknown kid right after the refetch costs no fetch; k1 and k2 keep working from the cache.
        #expect(try issuer.verify(minted[token: "k3"], clock: clock).status == 401)
        #expect(try issuer.verify(minted[token: "k1"], clock: clock).status == 200)
        #expect(issuer.fetches == 2)
    }

    @Test("endpoint down: cached keys work until their Cache-Control lifetime ends, then 503 with Retry-After")
    func endpointDown() throws {
        let (issuer, minted) = try Self.issuer(kids: ["d1"])
        let clock = TestClock()
        try JWKSEndpoint.shared.serve(issuer.name, minted.keySet([("d1", "ES256")]), cacheControl: "public, max-age=120")
        #expect(try issuer.verify(minted[token: "d1"], clock: clock).status == 200)
        try JWKSEndpoint.shared.answer(issuer.name, status: 503)
        clock.advance(100_000)
        #expect(try issuer.verify(minted[token: "d1"], clock: clock).status == 200)
        #expect(issuer.fetches == 1)

        clock.advance(30_000)  // 130 s: past the lifetime, the token needs a refetch, which fails
        let down = try issuer.verify(minted[token: "d1"], clock: clock)
        #expect(down.status == 503 && down.errorCode == "unavailable" && down.headers["Retry-After"] != nil)
        #expect(issuer.fetches == 2)
        #expect(try issuer.verify(minted[token: "d1"], clock: clock).status == 503)
        #expect(issuer.fetches == 2, "one attempt a minute, even while down")

        try JWKSEndpoint.shared.answer(issuer.name, status: nil)
        clock.advance(61_000)
        #expect(try issuer.verify(minted[token: "d1"], clock: clock).status == 200)
        #expect(issuer.fetches == 3)
    }

    @Test("Redis unreachable: an external token needing its JWKS is 503, never a success")
    func redisDown() throws {
        let (issuer, minted) = try Self.issuer(kids: ["r1"])
        try JWKSEndpoint.shared.serve(issuer.name, minted.keySet([("r1", "ES256")]))
        let response = try issuer.fixture.call(
            "GET", "/v1/verify", key: minted[token: "r1"], extra: ["GATEHOUSE_TRUSTED_ISSUERS": issuer.document],
            redisURL: "unix:///nonexistent/redis.sock", remoteAddress: issuer.address)
        #expect(response.status == 503)
    }

    @Test("the fetch refuses redirects, bodies over 64 KiB, documents with no usable key")
    func fetchGuards() throws {
        let name = "guards-" + UUID().uuidString
        try JWKSEndpoint.shared.serve(name, #"{"keys":[]}"#.utf8.map { $0 })
        try JWKSEndpoint.shared.answer(name, status: 302)
        #expect(throws: JWKSFetcher.Failure(description: "redirect refused (302)")) {
            try JWKSFetcher.fetch(JWKSEndpoint.shared.url(name), mode: .test)
        }
        try JWKSEndpoint.shared.answer(name, status: nil)
        try JWKSEndpoint.shared.serve(name, [UInt8](repeating: 0x20, count: 64 * 1024 + 1))
        #expect(throws: JWKSFetcher.Failure(description: "the response is larger than 65536 bytes")) {
            try JWKSFetcher.fetch(JWKSEndpoint.shared.url(name), mode: .test)
        }
        try JWKSEndpoint.shared.serve(name, [UInt8](repeating: 0x20, count: 64 * 1024))
        #expect(try JWKSFetcher.fetch(JWKSEndpoint.shared.url(name), mode: .test).body.count == 64 * 1024)

        // A served document without a usable key: tokens of that issuer get 503, nothing is cached.
        let (issuer, minted) = try Self.issuer(kids: ["n1"])
        try JWKSEndpoint.shared.serve(issuer.name, minted.keySet([("n1", "RS256")]))
        #expect(try issuer.verify(minted[token: "n1"], clock: TestClock()).status == 503)
    }

    @Test("no connection to private or loopback addresses outside local mode, checked on the resolved address")
    func addressGuard() throws {
        let port = JWKSEndpoint.shared.port
        // Production: https only, and 127.0.0.1 is refused before any byte is sent.
        #expect(throws: JWKSFetcher.Failure(description: "refused to connect to a non-public address")) {
            try JWKSFetcher.fetch("https://127.0.0.1:\(port)/x", mode: .production)
        }
        #expect(throws: JWKSFetcher.Failure(description: "refused to connect to a non-public address")) {
            try JWKSFetcher.fetch("https://localhost:\(port)/x", mode: .production)
        }
        #expect(JWKSFetcher.problem(with: "http://127.0.0.1:\(port)/x", mode: .production) != nil)
        // Test and local mode: loopback is allowed, private networks are not.
        #expect(throws: JWKSFetcher.Failure(description: "refused to connect to a non-public address")) {
            try JWKSFetcher.fetch("https://10.255.255.1/jwks.json", mode: .test)
        }
        #expect(JWKSFetcher.problem(with: "http://10.0.0.1/jwks.json", mode: .local) != nil)
        #expect(JWKSFetcher.problem(with: "http://[::1]:\(port)/x", mode: .local) == nil)
    }
}
