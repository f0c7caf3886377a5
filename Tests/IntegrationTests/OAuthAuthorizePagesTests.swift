import Foundation
import Testing

@testable import GatehouseCore

/// The authorization endpoint and its pages against a real Redis and a real OTP receiver, in
/// process (the CGI and browser runs are in ``OAuthAuthorizeTransportTests`` and
/// ``OAuthBrowserTests``). Each check of OAUTH.md's last section in the pages' area is its own test.
@Suite("GET/POST /oauth/authorize: the sign-in and consent pages")
struct OAuthAuthorizePagesTests {
    let harness: OTPHarness
    let client: OAuthTestClient
    let browser: OAuthPageBrowser

    init() throws {
        harness = try OTPHarness()
        client = try OAuthTestClient(store: harness.fixture.store)
        let harness = harness
        browser = OAuthPageBrowser { try harness.send($0) }
    }

    /// Signs in on the pages with the owner's phone: the answer of the code form's POST.
    func signIn(_ query: String, phone: String? = nil) throws -> APIResponse {
        let phone = phone ?? harness.ownerPhone
        let page = try browser.get(query)
        try #require(page.status == 200, "\(page.text)")
        let sent = try browser.submit(step: "phone", [("phone", phone)])
        try #require(sent.status == 303, "\(sent.text)")
        let codePage = try browser.follow(sent)
        try #require(codePage.text.contains("Enter your code"))
        let code = try #require(harness.receiver.lastCode(for: phone))
        return try browser.submit(step: "code", [("code", code)])
    }

    func codes() throws -> [String] {
        try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:oac:*")
    }

    @Test("sign in by phone OTP, approve: 303 to the redirect URI with code, state, iss; the code is stored")
    func approve() throws {
        let query = client.query(state: "state-A", ["scope": "data:read keys:manage"])
        let signedIn = try signIn(query)
        #expect(signedIn.status == 303)
        #expect(signedIn.headers.values("Set-Cookie").contains { $0.hasPrefix("amrood_session=ghs_") })
        #expect(browser.cookies["amrood_session"] != nil && browser.cookies[OAuthPendingSignIn.cookieName] == nil)
        let consent = try browser.follow(signedIn)
        #expect(consent.status == 200)
        for text in [
            "Claude Desktop", "Unverified", "app.example", harness.fixture.tenant, "See your data", "Manage API keys",
        ] {
            #expect(consent.text.contains(text), "the consent page does not show \(text)")
        }
        let approved = try browser.submit(step: "consent", [("decision", "approve")])
        #expect(approved.status == 303)
        let location = try #require(approved.headers["Location"])
        #expect(location.hasPrefix("https://app.example/callback?"))
        #expect(approved.locationItems.map(\.name) == ["code", "state", "iss"])
        #expect(approved.locationItems.first { $0.name == "state" }?.value == "state-A")
        #expect(approved.locationItems.first { $0.name == "iss" }?.value == "https://gatehouse.test")
        let code = try #require(approved.locationItems.first { $0.name == "code" }?.value)
        let token = try #require(OpaqueToken.parse(code, as: .authorizationCode))
        let record = try harness.fixture.store.redisClient.command([
            "HGETALL", .string(OAuthCodeStore.recordKey(token)),
        ])
        .hashFields
        #expect(record["client"] == client.client.id)
        #expect(record["subject"] == "phone-owner")
        #expect(record["challenge"] == OAuthTestClient.challenge)
        #expect(record["scope"] == "data:read keys:manage")
        #expect(record["redirect_uri"] == "https://app.example/callback")
        // Remembered: the same request now goes straight back with a new code.
        let again = try browser.get(client.query(state: "state-B", ["scope": "data:read"]))
        #expect(again.status == 303)
        #expect(again.locationItems.map(\.name) == ["code", "state", "iss"])
        #expect(try codes().count == 2)
        // Nothing secret or personal reached a log line: no code, no number, no cookie.
        let log = harness.fixture.logs.text
        for secret in [code, harness.ownerPhone, try #require(browser.cookies["amrood_session"])] {
            #expect(!log.contains(secret))
        }
    }

    @Test("deny: 303 with error=access_denied, state and iss once each, and no code")
    func deny() throws {
        let consent = try browser.follow(try signIn(client.query(state: "deny-me")))
        #expect(consent.status == 200)
        let denied = try browser.submit(step: "consent", [("decision", "deny")])
        #expect(denied.status == 303)
        #expect(denied.locationItems.map(\.name) == ["error", "error_description", "state", "iss"])
        #expect(denied.locationItems.first?.value == "access_denied")
        #expect(denied.locationItems.first { $0.name == "state" }?.value == "deny-me")
        #expect(try codes().isEmpty)
    }

    @Test("no redirect on a bad client or redirect URI: the error page, 400, no Location")
    func noOpenRedirect() throws {
        let unknown = try browser.get(
            client.query(["client_id": "mcp_unknownunknownunknownu", "redirect_uri": "https://evil.example/cb"]))
        let mismatch = try browser.get(client.query(["redirect_uri": "https://evil.example/callback"]))
        let suffix = try browser.get(client.query(["redirect_uri": "https://app.example/callback/"]))
        let missing = try browser.get(client.query(["client_id": nil]))
        for (response, name) in [
            (unknown, "unknown"), (mismatch, "mismatch"), (suffix, "suffix"), (missing, "missing"),
        ] {
            #expect(response.status == 400, "\(name)")
            #expect(response.headers["Location"] == nil, "\(name) redirected")
            #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
            #expect(!response.text.contains("evil.example"))
        }
    }

    @Test("state and iss once each on an error redirect, state exactly as sent")
    func stateAndIssOnce() throws {
        let state = "a b&c=d/é"
        let refused = try browser.get(client.query(state: state, ["response_type": "token"]))
        #expect(refused.status == 303)
        let items = refused.locationItems
        #expect(items.filter { $0.name == "state" }.map(\.value) == [state])
        #expect(items.filter { $0.name == "iss" }.map(\.value) == ["https://gatehouse.test"])
        #expect(items.first { $0.name == "error" }?.value == "unsupported_response_type")
        // A repeated state is refused, and never echoed twice.
        let twice = try browser.get(client.query(state: "one", extra: [("state", "two")]))
        #expect(twice.locationItems.filter { $0.name == "state" }.count <= 1)
        #expect(twice.locationItems.first?.value == "invalid_request")
    }

    @Test(
        "PKCE required, S256 only at the authorize endpoint: a missing challenge or plain → invalid_request redirect",
        arguments: [
            ["code_challenge": nil], ["code_challenge_method": nil], ["code_challenge_method": "plain"],
            ["code_challenge": "short"],
        ] as [[String: String?]])
    func pkceRequired(_ overrides: [String: String?]) throws {
        let refused = try browser.get(client.query(overrides))
        #expect(refused.status == 303)
        #expect(refused.locationItems.first?.value == "invalid_request")
        #expect(refused.headers["Location"]?.hasPrefix("https://app.example/callback?") == true)
    }

    @Test("framing refused: every page and redirect carries frame-ancestors 'none' and X-Frame-Options: DENY")
    func framingRefused() throws {
        var answers = [try browser.get(client.query())]
        answers.append(try browser.submit(step: "phone", [("phone", harness.ownerPhone)]))
        answers.append(try browser.follow(answers.last!))
        answers.append(try browser.get(client.query(["client_id": "mcp_x"])))
        answers.append(try browser.get(client.query(["response_type": "token"])))
        for response in answers {
            let csp = response.headers["Content-Security-Policy"] ?? ""
            #expect(csp.contains("frame-ancestors 'none'"), "\(response.status)")
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["Cache-Control"] == "no-store")
            #expect(response.headers["Referrer-Policy"] == "no-referrer")
        }
        let page = answers[0]
        #expect(page.headers["Content-Security-Policy"]?.contains("form-action 'self' https://app.example;") == true)
        let csrf = try #require(page.headers.values("Set-Cookie").first { $0.hasPrefix("__Host-gh_csrf=") })
        for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] { #expect(csrf.contains("; \(attribute)")) }
    }

    @Test(
        "CSRF token required on every form POST: missing or wrong → the error page, nothing done",
        arguments: ["phone", "code", "restart", "consent"])
    func csrfRequired(_ step: String) throws {
        // Reach the page that has the step's form.
        let query = client.query()
        _ = try browser.get(query)
        if step == "code" || step == "restart" {
            _ = try browser.follow(try browser.submit(step: "phone", [("phone", harness.ownerPhone)]))
        }
        if step == "consent" { _ = try browser.follow(try signIn(query)) }
        let fields: [(String, String)] =
            switch step {
            case "phone": [("phone", harness.viewerPhone)]
            case "code": [("code", harness.receiver.lastCode(for: harness.ownerPhone) ?? "000000")]
            case "consent": [("decision", "approve")]
            default: []
            }
        let deliveries = harness.receiver.requests.count
        let pendingBefore = browser.cookies[OAuthPendingSignIn.cookieName]
        let otherToken = OAuthCSRF.token(
            forCookie: OAuthCSRF.newCookieValue(),
            key: OAuthPageKeys(serverSecret: Array(OTPHarness.serverSecret.utf8)).csrf)
        let hidden = try browser.hiddenFields(step: step)
        let withToken = { (token: String?) in
            hidden.filter { $0.0 != OAuthCSRF.fieldName } + (token.map { [(OAuthCSRF.fieldName, $0)] } ?? []) + fields
        }
        let attempts = [
            try browser.post(withToken(nil)), try browser.post(withToken(otherToken)), try browser.post(withToken("")),
        ]
        for response in attempts {
            #expect(response.status == 403)
            #expect(response.headers["Location"] == nil)
            #expect(response.text.contains("This form has expired"))
            #expect(!response.headers.values("Set-Cookie").contains { $0.hasPrefix("amrood_session=") })
        }
        #expect(harness.receiver.requests.count == deliveries, "a code was sent")
        #expect(browser.cookies[OAuthPendingSignIn.cookieName] == pendingBefore)
        #expect(try codes().isEmpty, "a code was issued")
        let consents = try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:consent:*")
        #expect(consents.isEmpty, "a consent was stored")
        // The page's own token without the browser's cookie is worthless too.
        let harness = harness
        let bare = OAuthPageBrowser { try harness.send($0) }
        #expect(try bare.post(hidden + fields).status == 403)
    }

    @Test("an unregistered number: the same answer as a registered one, nothing sent, the code form")
    func unregisteredNumber() throws {
        let other = OAuthPageBrowser { [harness] in try harness.send($0) }
        let query = client.query()
        _ = try browser.get(query)
        _ = try other.get(query)
        let known = try browser.submit(step: "phone", [("phone", harness.ownerPhone)])
        let unknownPhone = OTPHarness.randomPhone()
        let unknown = try other.submit(step: "phone", [("phone", unknownPhone)])
        #expect(known.status == 303 && unknown.status == 303)
        #expect(known.headers.map(\.name) == unknown.headers.map(\.name))
        #expect(known.headers["Location"] == unknown.headers["Location"])
        #expect(harness.receiver.lastCode(for: unknownPhone) == nil)
        let codeForm = try other.follow(unknown)
        #expect(codeForm.text.contains("Enter your code"))
        // Neither the number nor any part of it is in a URL or a log line.
        for response in [known, unknown] { #expect(!(response.headers["Location"] ?? "").contains("555")) }
        #expect(!harness.fixture.logs.text.contains(unknownPhone))
        // A wrong code for the unknown number: the code form again, 401.
        let wrong = try other.submit(step: "code", [("code", "123456")])
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("That code is not right"))
    }

    @Test("a user whose role allows none of the requested scopes: invalid_scope redirect after sign-in")
    func invalidScope() throws {
        let signedIn = try signIn(client.query(state: "s1", ["scope": "keys:manage"]), phone: harness.viewerPhone)
        let refused = try browser.follow(signedIn)
        #expect(refused.status == 303)
        #expect(refused.locationItems.first?.value == "invalid_scope")
        #expect(refused.locationItems.filter { $0.name == "state" }.map(\.value) == ["s1"])
    }

    @Test("platform administrators are refused with the error page")
    func administratorRefused() throws {
        let phone = OTPHarness.randomPhone()
        try harness.fixture.store.createPlatformAdmin(phone: phone)
        let refused = try signIn(client.query(), phone: phone)
        #expect(refused.status == 403)
        #expect(refused.headers["Location"] == nil)
        #expect(refused.text.contains("Platform administrators"))
        #expect(!refused.headers.values("Set-Cookie").contains { $0.hasPrefix("amrood_session=") })
    }

    @Test("a pre-registered client is not marked unverified; the resource is named on the consent page")
    func verifiedClient() throws {
        let trusted = try OAuthTestClient(store: harness.fixture.store, name: "Acme CLI", origin: .preRegistered)
        let query = trusted.query(["resource": "https://gatehouse.test/"])
        let consent = try browser.follow(try signIn(query))
        #expect(consent.text.contains("Acme CLI"))
        #expect(!consent.text.contains("Unverified"))
        #expect(consent.text.contains("https://gatehouse.test"))
        let approved = try browser.submit(step: "consent", [("decision", "approve")])
        let code = try #require(approved.locationItems.first { $0.name == "code" }?.value)
        let token = try #require(OpaqueToken.parse(code, as: .authorizationCode))
        let record = try harness.fixture.store.redisClient.command([
            "HGETALL", .string(OAuthCodeStore.recordKey(token)),
        ])
        #expect(record.hashFields["resource"] == "https://gatehouse.test")
    }

    @Test("the parameters are checked again on every POST: a changed redirect URI in the form → the error page")
    func revalidatedOnPost() throws {
        _ = try browser.get(client.query())
        let changed = try browser.submit(
            step: "phone", [("phone", harness.ownerPhone)], replacing: ["redirect_uri": "https://evil.example/callback"]
        )
        #expect(changed.status == 400)
        #expect(changed.headers["Location"] == nil)
        #expect(harness.receiver.lastCode(for: harness.ownerPhone) == nil)
    }

    @Test("use a different number: the pending sign-in is dropped and the phone form comes back")
    func restart() throws {
        _ = try browser.get(client.query())
        _ = try browser.follow(try browser.submit(step: "phone", [("phone", harness.ownerPhone)]))
        #expect(browser.cookies[OAuthPendingSignIn.cookieName] != nil)
        let restarted = try browser.submit(step: "restart")
        #expect(restarted.status == 303)
        #expect(browser.cookies[OAuthPendingSignIn.cookieName] == nil)
        #expect(try browser.follow(restarted).text.contains("Phone number"))
    }

    @Test("the code from the pages redeems at /oauth/token with the PKCE verifier: a token with the granted scopes")
    func codeRedeems() throws {
        let consent = try browser.follow(try signIn(client.query(["scope": "data:read"]), phone: harness.viewerPhone))
        #expect(consent.status == 200)
        let approved = try browser.submit(step: "consent", [("decision", "approve")])
        let code = try #require(approved.locationItems.first { $0.name == "code" }?.value)
        let form = FormURLEncoded.encode([
            ("grant_type", "authorization_code"), ("code", code), ("client_id", client.client.id),
            ("redirect_uri", client.client.redirectURIs[0]), ("code_verifier", OAuthTestClient.verifier),
        ])
        let token = try harness.send(
            APIRequest(
                method: "POST", path: "/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array(form.utf8), remoteAddress: OTPHarness.defaultAddress))
        #expect(token.status == 200, "\(token.json)")
        #expect(token.json["scope"] == "data:read")
        let configuration = try harness.fixture.configuration()
        let claims = try JWTVerifier(
            keys: configuration.signingKeys!, issuer: configuration.issuer, audience: configuration.audience
        ).verify(
            try #require(token.json["access_token"]?.stringValue), now: SystemAccess.currentTimeMilliseconds() / 1000)
        #expect(claims["sub"] == "phone-viewer")
        #expect(claims["client_id"] == .string(client.client.id))
    }
}
