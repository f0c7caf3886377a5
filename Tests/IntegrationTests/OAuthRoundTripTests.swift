import Foundation
import Synchronization
import GatehouseCore
import Testing

/// Issue 11's performance budget, measured on a private redis-server as `RedisClientTests` measures
/// a pipeline: each round trip is one read the server processes (`INFO stats`
/// `total_reads_processed`), so a pipeline counts once and every separate command once more. The
/// request's connection stays open until the count is taken (closing it is a read too).
@Suite("OAuth Redis round trips")
struct OAuthRoundTripTests {
    /// The round trips `request` spends in the application, and its answer. With `audit`, the
    /// application hands JWT-only records to it as `gatehouse-server`'s background writer takes them.
    func roundTrips(
        _ harness: OAuthTokenHarness, _ request: APIRequest, audit: CollectedAudit? = nil
    ) throws -> (trips: Int, response: APIResponse) {
        var application = try harness.fixture.application(
            ["GATEHOUSE_SERVER_SECRET": String(repeating: "s", count: 40)].merging(harness.extra) { $1 })
        application.deferredAudit = audit
        let connection = RedisClient(configuration: application.configuration.redis)
        func reads() throws -> Int {
            let info = try #require(try harness.redis.command(["INFO", "stats"]).stringValue)
            let line = try #require(
                info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_reads_processed:") })
            return try #require(Int(line.split(separator: ":")[1]))
        }
        let before = try reads()
        let response = application.handle(request, redis: connection)
        let trips = try reads() - before - 1  // the measuring INFO itself
        withExtendedLifetime(connection) {}
        return (trips, response)
    }

    /// A code grant through `/oauth/token`, as the client sends it.
    func redemption(_ harness: OAuthTokenHarness) throws -> APIRequest {
        let (client, verifier, code) = try harness.pending()
        return GatehouseFixture.request(
            "POST", "/oauth/token",
            form: FormURLEncoded.encode([
                ("grant_type", "authorization_code"), ("code", code.text), ("client_id", client.id),
                ("code_verifier", verifier), ("redirect_uri", OAuthTokenHarness.redirectURI),
            ]), remoteAddress: harness.address)
    }

    /// `/v1/verify` with a bearer token.
    func verification(_ token: String, _ harness: OAuthTokenHarness) -> APIRequest {
        GatehouseFixture.request(
            "GET", "/v1/verify", headers: ["Authorization": "Bearer \(token)"], remoteAddress: harness.address)
    }

    @Test("the token endpoint (code → JWT) spends at most 2 round trips")
    func codeGrant() throws {
        let server = try RedisTestServer()
        let harness = try OAuthTokenHarness(redisURL: server.url)
        // Scripts are loaded by the first use (NOSCRIPT → EVAL): a warm deployment's cost is measured.
        #expect(try roundTrips(harness, try redemption(harness)).response.status == 200)
        let (trips, response) = try roundTrips(harness, try redemption(harness))
        #expect(response.status == 200 && response.json["access_token"]?.stringValue != nil)
        #expect(trips <= 2, "the code grant took \(trips) round trips")
    }

    @Test("/v1/verify spends 1 round trip on an OAuth access token and none on a Gatehouse-session token")
    func verify() throws {
        let server = try RedisTestServer()
        let harness = try OAuthTokenHarness(redisURL: server.url)
        let fixture = harness.fixture
        let oauth = try harness.grant().access
        let signin = try fixture.send(
            SigninRequest.seed000(
                org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer"))
        let firstParty = try #require(signin.json["jwt"]?.stringValue)
        // gatehouse-server: the audit record goes to the background writer, off the request path.
        let audit = CollectedAudit()
        let oauthVerify = try roundTrips(harness, verification(oauth, harness), audit: audit)
        let firstPartyVerify = try roundTrips(harness, verification(firstParty, harness), audit: audit)
        #expect(oauthVerify.response.status == 200 && firstPartyVerify.response.status == 200)
        #expect(oauthVerify.trips == 1, "verifying an OAuth access token took \(oauthVerify.trips) round trips")
        #expect(firstPartyVerify.trips == 0, "verifying a Gatehouse-session token took \(firstPartyVerify.trips)")
        #expect(audit.events.withLock { $0.count } == 2, "each verify offered its audit record")
        // A process without a background writer (CGI, Lambda) appends the record itself: one more.
        #expect(try roundTrips(harness, verification(oauth, harness)).trips == 2)
        #expect(try roundTrips(harness, verification(firstParty, harness)).trips == 1)
    }
}

/// The records a process hands to its background audit writer, kept for the test to count.
final class CollectedAudit: DeferredAuditLog {
    let events = Mutex<[AuditEvent]>([])

    func offer(_ event: AuditEvent) { events.withLock { $0.append(event) } }
}
