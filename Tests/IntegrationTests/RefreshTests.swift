import Foundation
import GatehouseCore
import Synchronization
import Testing

@Suite("refresh tokens: rotation, grace, reuse detection, revocation")
struct RefreshTests {
    static func refresh(_ token: String) -> APIRequest {
        OTPHarness.json("/v1/auth/refresh", ["refresh_token": .string(token)])
    }

    static func oauthRefresh(_ token: String, clientID: String? = nil) -> APIRequest {
        var pairs = [("grant_type", "refresh_token"), ("refresh_token", token)]
        if let clientID { pairs.append(("client_id", clientID)) }
        return APIRequest(
            method: "POST", path: "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array(FormURLEncoded.encode(pairs).utf8))
    }

    /// Signs in and returns (cookie, refresh token).
    func signedIn(_ harness: OTPHarness) throws -> (String, String) {
        let response = try harness.login(harness.ownerPhone)
        return (try #require(response.sessionCookie), try #require(response.json["refresh_token"]?.stringValue))
    }

    @Test("rotation: a new refresh token each time; the access token carries the session")
    func rotation() throws {
        let harness = try OTPHarness()
        let (_, first) = try signedIn(harness)
        let rotated = try harness.send(Self.refresh(first))
        #expect(rotated.status == 200, "\(rotated.json)")
        let second = try #require(rotated.json["refresh_token"]?.stringValue)
        #expect(second != first)
        #expect(rotated.json["token_type"] == "Bearer")
        let oauth = try harness.send(Self.oauthRefresh(second))
        #expect(oauth.status == 200)
        #expect(oauth.headers["Cache-Control"] == "no-store")
        #expect(oauth.json["scope"] == "*")
        #expect(oauth.json["refresh_token"]?.stringValue != second)
    }

    @Test("a rotated token inside the grace window gives the same child; after it the family dies")
    func graceAndReuse() throws {
        let harness = try OTPHarness()
        let (_, first) = try signedIn(harness)
        let child = try #require(try harness.send(Self.refresh(first)).json["refresh_token"]?.stringValue)
        let retry = try harness.send(Self.refresh(first))
        #expect(retry.status == 200)
        #expect(retry.json["refresh_token"]?.stringValue == child)

        let late = try harness.send(Self.oauthRefresh(first)) { SystemAccess.currentTimeMilliseconds() + 31_000 }
        #expect(late.status == 400)
        #expect(late.json["error"] == "invalid_grant")
        // The whole family is dead: the child too, on both routes.
        #expect(try harness.send(Self.refresh(child)).status == 401)
        #expect(try harness.send(Self.oauthRefresh(child)).json["error"] == "invalid_grant")
    }

    @Test("10 parallel refreshes of one token: one child, one live chain")
    func parallelRefresh() throws {
        let harness = try OTPHarness()
        let (_, first) = try signedIn(harness)
        let application = try harness.application()
        let children = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 10) { _ in
            let redis = RedisClient(configuration: application.configuration.redis)
            let response = application.handle(Self.refresh(first), redis: redis)
            if response.status == 200, let token = response.json["refresh_token"]?.stringValue {
                children.withLock { $0.append(token) }
            }
        }
        let all = children.withLock { $0 }
        #expect(all.count == 10)
        #expect(Set(all).count == 1)
        let tokens = try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:rt:*")
        #expect(tokens.count == 2, "the first token and its one child")
        #expect(try harness.send(Self.refresh(all[0])).status == 200)
    }

    @Test("another client's token is invalid_grant, and is not revoked by it; an unknown client is invalid_client")
    func otherClient() throws {
        let harness = try OTPHarness()
        let clients = try OAuthTokenHarness()
        let (other, _) = try clients.register()
        let (mine, _) = try clients.register()
        let (_, token) = try signedIn(harness)
        let wrongClient = try harness.send(Self.oauthRefresh(token, clientID: other.id))
        #expect(wrongClient.status == 400)
        #expect(wrongClient.json["error"] == "invalid_grant")
        let unknown = try harness.send(Self.oauthRefresh(token, clientID: OAuthClientStore.generateID()))
        #expect(unknown.status == 401 && unknown.json["error"] == "invalid_client")
        #expect(try harness.send(Self.oauthRefresh(token, clientID: "gatehouse")).status == 200)

        let opened = try #require(
            try SessionStore.open(
                for: .user(tenant: harness.fixture.tenant, id: "phone-viewer"), phone: nil, clientID: mine.id,
                lifetimeSeconds: 3600, now: SystemAccess.currentTimeMilliseconds(),
                redis: harness.fixture.store.redisClient))
        #expect(try harness.send(Self.oauthRefresh(opened.refreshToken.text)).json["error"] == "invalid_grant")
        #expect(try harness.send(Self.refresh(opened.refreshToken.text)).status == 401)
        #expect(try harness.send(Self.oauthRefresh(opened.refreshToken.text, clientID: mine.id)).status == 200)
    }

    @Test("logout, a revoked session or a disabled user stops refresh at once")
    func revocation() throws {
        let harness = try OTPHarness()
        let (cookie, token) = try signedIn(harness)
        #expect(try harness.send(OTPHarness.json("/v1/auth/logout", [:], cookie: cookie)).status == 200)
        #expect(try harness.send(Self.refresh(token)).status == 401)

        let viewer = try harness.login(harness.viewerPhone)
        let viewerToken = try #require(viewer.json["refresh_token"]?.stringValue)
        try harness.fixture.store.setUserStatus(tenant: harness.fixture.tenant, id: "phone-viewer", .disabled)
        #expect(try harness.send(Self.refresh(viewerToken)).status == 401)
        #expect(try harness.send(OTPHarness.json("/v1/auth/token", [:], cookie: viewer.sessionCookie)).status == 401)
        try harness.fixture.store.setUserStatus(tenant: harness.fixture.tenant, id: "phone-viewer", .active)
        #expect(try harness.send(Self.refresh(viewerToken)).status == 200, "enabling again restores the family")

        let opened = try #require(
            try SessionStore.open(
                for: .user(tenant: harness.fixture.tenant, id: "phone-owner"), phone: nil, lifetimeSeconds: 3600,
                now: SystemAccess.currentTimeMilliseconds(), redis: harness.fixture.store.redisClient))
        #expect(
            try SessionStore.revoke(
                sessionID: opened.session, tenant: harness.fixture.tenant, now: SystemAccess.currentTimeMilliseconds(),
                redis: harness.fixture.store.redisClient))
        #expect(try harness.send(Self.refresh(opened.refreshToken.text)).status == 401)
    }

    @Test("POST /v1/auth/token: the session cookie for an access token")
    func sessionToken() throws {
        let harness = try OTPHarness()
        let (cookie, _) = try signedIn(harness)
        let response = try harness.send(OTPHarness.json("/v1/auth/token", [:], cookie: cookie))
        #expect(response.status == 200)
        #expect(response.json["access_token"]?.stringValue?.split(separator: ".").count == 3)
        #expect(try harness.send(OTPHarness.json("/v1/auth/token", [:])).status == 401)
        #expect(
            try harness.send(OTPHarness.json("/v1/auth/token", [:], cookie: "amrood_session=ghs_x.y")).status == 401)
        let malformed = try harness.send(Self.refresh("not-a-token"))
        #expect(malformed.status == 401)
        #expect(!harness.fixture.logs.text.contains(cookie.dropFirst(20)))
    }
}
