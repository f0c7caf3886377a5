import Crypto
import Foundation
import Testing

@testable import GatehouseCore

/// The console's pages and forms against a real Redis and a real OTP receiver, in process (the
/// browser run is ``ConsoleBrowserTests``): sign-in by phone OTP, API keys created, rotated and
/// revoked through the API's own handlers, the slots, the audit log, and the security rules of
/// every form (CSRF, scopes, framing, no-store).
@Suite("the console: sign-in, API keys, slots and audit pages")
struct ConsolePagesTests {
    let harness: OTPHarness
    let browser: OAuthPageBrowser

    init() throws {
        harness = try OTPHarness()
        let harness = harness
        browser = OAuthPageBrowser { try harness.send($0) }
    }

    /// Signs in with `phone` (the owner's by default) and lands on the session's start page (the
    /// API keys page of a tenant's user, `start`).
    @discardableResult
    func signIn(
        _ phone: String? = nil, browser: OAuthPageBrowser? = nil, start: String = "/console/keys"
    ) throws -> APIResponse {
        let browser = browser ?? self.browser
        let phone = phone ?? harness.ownerPhone
        let form = try browser.get(path: "/console/signin")
        try #require(form.status == 200, "\(form.text)")
        let sent = try browser.submit(action: "/console/signin", [("phone", phone)])
        try #require(sent.status == 303 && sent.headers["Location"] == "/console/signin", "\(sent.text)")
        let codeForm = try browser.get(path: "/console/signin")
        try #require(codeForm.text.contains("Enter your code"), "\(codeForm.text)")
        let code = try #require(harness.receiver.lastCode(for: phone))
        let hidden = try browser.hiddenFields(action: "/console/signin")
        let signedIn = try browser.post(path: "/console/signin", hidden.filter { $0.0 == "csrf_token" } + [("step", "code"), ("code", code)])
        try #require(signedIn.status == 303 && signedIn.headers["Location"] == "/console", "\(signedIn.text)")
        let home = try browser.get(path: "/console")
        try #require(home.status == 303 && home.headers["Location"] == start, "\(home.status) \(home.text)")
        return try browser.get(path: start)
    }

    /// Creates a key from the page's form; the 303 and the page it leads to.
    func createKey(_ name: String, scopes: [String] = ["data:read"]) throws -> (APIResponse, APIResponse) {
        _ = try browser.get(path: "/console/keys")
        let created = try browser.submit(
            action: "/console/keys", [("name", name)] + scopes.map { ("scopes", $0) } + [("duration", "30"), ("app_id", "")])
        let shown = try browser.get(path: "/console/keys")
        return (created, shown)
    }

    /// The plaintext key a page reveals, if any.
    static func revealed(_ page: APIResponse) -> String? {
        page.text.components(separatedBy: "id=\"revealed-secret\" class=\"secret\" readonly value=\"").dropFirst().first?
            .components(separatedBy: "\"").first
    }

    /// The id of the key a page reveals ("Key id key_….").
    static func revealedID(_ page: APIResponse) -> String? {
        page.text.components(separatedBy: "ey id ").dropFirst().first?.components(separatedBy: ".").first
    }

    /// Registers an OAuth client as the tenant's owner would (`POST /oauth/register` with its key).
    static func registerClient(_ name: String, harness: OTPHarness) throws -> String {
        let body = #"{"client_name":"\#(name)","redirect_uris":["https://app.example/callback"]}"#
        let registered = try harness.send(
            APIRequest(
                method: "POST", path: "/oauth/register",
                headers: ["Content-Type": "application/json", "Authorization": "Bearer \(harness.fixture.ownerKey.text)"],
                body: Array(body.utf8), remoteAddress: OTPHarness.defaultAddress))
        return try #require(registered.json["client_id"]?.stringValue, "\(registered.text)")
    }

    func keyWorks(_ key: String) throws -> Bool {
        try harness.send(OTPHarness.get("/v1/verify", bearer: key)).status == 200
    }

    func keyCount() throws -> Int {
        try harness.fixture.store.redisClient.command(["SCARD", .string(TenantKeys(harness.fixture.tenant).keys)]).integerValue
            .map(Int.init) ?? -1
    }

    @Test("no session: every console page is a 303 to the sign-in page; signing in by OTP sets the session cookie")
    func signInByOTP() throws {
        for path in ["/console/keys", "/console/slots", "/console/audit"] {
            let page = try browser.get(path: path)
            #expect(page.status == 303 && page.headers["Location"] == "/console/signin", "\(path): \(page.status)")
        }
        let keys = try signIn()
        #expect(keys.status == 200)
        #expect(keys.text.contains("API keys") && keys.text.contains("phone-owner"))
        #expect(browser.cookies["amrood_session"]?.hasPrefix("ghs_") == true)
        #expect(try browser.get(path: "/console/signin").headers["Location"] == "/console/keys")
    }

    @Test("create: 303, the plaintext once on the next page (no-store) and working against the API; reload: gone")
    func createShowsKeyOnce() throws {
        try signIn()
        let (created, shown) = try createKey("CI deploys", scopes: ["data:read", "keys:read"])
        #expect(created.status == 303 && created.headers["Location"] == "/console/keys", "\(created.text)")
        #expect(!(created.headers["Location"] ?? "").contains("ak_"))
        let key = try #require(Self.revealed(shown), "\(shown.text)")
        #expect(key.hasPrefix("ak_live_"))
        #expect(shown.headers["Cache-Control"] == "no-store")
        #expect(shown.text.contains("shown once"))
        #expect(try keyWorks(key))
        let again = try browser.get(path: "/console/keys")
        #expect(Self.revealed(again) == nil && !again.text.contains(key))
        #expect(again.text.contains("CI deploys") && again.text.contains(String(key.prefix(14))))
    }

    @Test("a create form submitted twice mints one key")
    func doubleSubmitMintsOneKey() throws {
        try signIn()
        let before = try keyCount()
        let fields = try browser.hiddenFields(action: "/console/keys") + [("name", "twice"), ("scopes", "data:read")]
        let first = try browser.post(path: "/console/keys", fields)
        let firstKey = Self.revealed(try browser.get(path: "/console/keys"))
        let second = try browser.post(path: "/console/keys", fields)
        let secondKey = Self.revealed(try browser.get(path: "/console/keys"))
        #expect(first.status == 303 && second.status == 303)
        #expect(firstKey != nil && firstKey == secondKey)
        #expect(try keyCount() == before + 1)
    }

    @Test("a scope that is not one is refused next to the scopes field, nothing written")
    func scopeOutsideTheUsersIsRefused() throws {
        try signIn()
        let before = try keyCount()
        let (created, _) = try createKey("bad", scopes: ["nonsense"])
        #expect(created.status == 422, "\(created.status)")
        #expect(created.text.contains("id=\"scopes-problem\""))
        #expect(try keyCount() == before)
    }

    @Test("rotate with grace: a new key shown once, the old one keeps working")
    func rotateWithGrace() throws {
        try signIn()
        let (_, shown) = try createKey("rotate me")
        let old = try #require(Self.revealed(shown))
        let id = try #require(Self.revealedID(shown))
        let rotated = try browser.submit(action: "/console/keys/\(id)/rotate", [("grace_period_hours", "24")])
        #expect(rotated.status == 303, "\(rotated.text)")
        let page = try browser.get(path: "/console/keys")
        let new = try #require(Self.revealed(page), "\(page.text)")
        #expect(new != old && page.text.contains("The old key works until"))
        #expect(try keyWorks(new) && keyWorks(old))
    }

    @Test("revoke asks for confirmation next to the button, then the key stops at once")
    func revokeWithConfirmation() throws {
        try signIn()
        let (_, shown) = try createKey("revoke me")
        let key = try #require(Self.revealed(shown))
        let id = try #require(Self.revealedID(shown))
        let unconfirmed = try browser.submit(action: "/console/keys/\(id)/revoke")
        #expect(unconfirmed.status == 422 && unconfirmed.text.contains("id=\"\(id)-confirm-problem\""))
        #expect(try keyWorks(key))
        _ = try browser.get(path: "/console/keys")
        let revoked = try browser.submit(action: "/console/keys/\(id)/revoke", [("confirm", "yes")])
        #expect(revoked.status == 303)
        #expect(try !keyWorks(key))
        #expect(try browser.get(path: "/console/keys").text.contains("revoked"))
    }

    @Test("regenerate the secondary slot: its key is new, the primary keeps working")
    func regenerateSecondary() throws {
        try signIn()
        _ = try browser.get(path: "/console/slots")
        #expect(try browser.submit(action: "/console/slots/primary/regenerate", [("confirm", "yes")]).status == 303)
        let primary = try #require(Self.revealed(try browser.get(path: "/console/slots")))
        #expect(try browser.submit(action: "/console/slots/secondary/regenerate", [("confirm", "yes")]).status == 303)
        let secondary = try #require(Self.revealed(try browser.get(path: "/console/slots")))
        #expect(try browser.submit(action: "/console/slots/secondary/regenerate", [("confirm", "yes")]).status == 303)
        let newSecondary = try #require(Self.revealed(try browser.get(path: "/console/slots")))
        #expect(try keyWorks(primary) && keyWorks(newSecondary) && !keyWorks(secondary))
    }

    @Test("the audit page lists the console's actions and filters them by route and outcome")
    func auditPage() throws {
        try signIn()
        _ = try createKey("audited")
        let page = try browser.get(path: "/console/audit", query: "route=%2Fconsole%2Fkeys&outcome=success")
        #expect(page.status == 200)
        #expect(page.text.contains("POST /console/keys") && page.text.contains("session"))
        #expect(!page.text.contains("GET /console/audit"))
        let refused = try browser.get(path: "/console/audit", query: "since=yesterday")
        #expect(refused.status == 422 && refused.text.contains("id=\"since-problem\""))
    }

    /// A second browser signed in as the tenant's viewer.
    func signedInViewerBrowser() throws -> OAuthPageBrowser {
        let harness = harness
        let viewer = OAuthPageBrowser { try harness.send($0) }
        try signIn(harness.viewerPhone, browser: viewer)
        return viewer
    }

    @Test("a viewer sees the keys without a create button, and a forged POST is 403 with nothing written")
    func viewerIsReadOnly() throws {
        let viewer = try signedInViewerBrowser()
        let page = try viewer.get(path: "/console/keys")
        #expect(page.status == 200 && !page.text.contains("create-key") && !page.text.contains("action=\"/console/keys\""))
        let before = try keyCount()
        let csrf = try viewer.hiddenFields(action: "/console/logout")
        let forged = try viewer.post(path: "/console/keys", csrf + [("name", "forged"), ("scopes", "data:read"), ("idempotency_key", "f1")])
        #expect(forged.status == 403)
        #expect(try keyCount() == before)
        #expect(try viewer.get(path: "/console/audit").status == 403)
    }

    @Test("agents: create (its key shown once and working), rotate the key (the old one stops), delete")
    func agents() throws {
        try signIn()
        _ = try browser.get(path: "/console/agents")
        let created = try browser.submit(action: "/console/agents", [("name", "Crawler"), ("scopes", "data:read")])
        #expect(created.status == 303 && created.headers["Location"] == "/console/agents", "\(created.text)")
        let page = try browser.get(path: "/console/agents")
        let key = try #require(Self.revealed(page), "\(page.text)")
        let id = try #require(page.text.components(separatedBy: "Agent id ").dropFirst().first?.components(separatedBy: ".").first)
        #expect(key.hasPrefix("agk_") && page.text.contains("Crawler"))
        let agentWorks = { (key: String) in
            var request = OTPHarness.get("/v1/verify")
            request.headers.add("x-agent-key", key)
            return try harness.send(request).status == 200
        }
        #expect(try agentWorks(key))
        #expect(try browser.submit(action: "/console/agents/\(id)/rotate").status == 303)
        let rotated = try #require(Self.revealed(try browser.get(path: "/console/agents")))
        #expect(try agentWorks(rotated) && !agentWorks(key))
        let unconfirmed = try browser.submit(action: "/console/agents/\(id)/delete")
        #expect(unconfirmed.status == 422)
        _ = try browser.get(path: "/console/agents")
        #expect(try browser.submit(action: "/console/agents/\(id)/delete", [("confirm", "yes")]).status == 303)
        #expect(try !agentWorks(rotated))
        #expect(!(try browser.get(path: "/console/agents")).text.contains("Crawler"))
    }

    @Test("users: add within the permission boundary, change a role, disable; an admin is offered no owner role")
    func usersAndRoles() throws {
        try signIn()
        _ = try browser.get(path: "/console/users")
        let added = try browser.submit(action: "/console/users", [("id", "new-editor"), ("role", "editor"), ("phone", "")])
        #expect(added.status == 303, "\(added.text)")
        #expect(try harness.fixture.store.user(tenant: harness.fixture.tenant, id: "new-editor")?.role == .editor)
        _ = try browser.get(path: "/console/users")
        #expect(try browser.submit(action: "/console/users/new-editor/role", [("role", "admin")]).status == 303)
        #expect(try harness.fixture.store.user(tenant: harness.fixture.tenant, id: "new-editor")?.role == .admin)
        _ = try browser.get(path: "/console/users")
        #expect(try browser.submit(action: "/console/users/new-editor/disable", [("confirm", "yes")]).status == 303)
        #expect(try harness.fixture.store.user(tenant: harness.fixture.tenant, id: "new-editor")?.status == .disabled)

        let adminPhone = OTPHarness.randomPhone()
        try harness.fixture.store.createUser(tenant: harness.fixture.tenant, id: "phone-admin", role: .admin, phone: adminPhone)
        let harness = harness
        let admin = OAuthPageBrowser { try harness.send($0) }
        try signIn(adminPhone, browser: admin)
        let page = try admin.get(path: "/console/users")
        #expect(page.status == 200 && !page.text.contains("<option>owner</option>"))
        let forged = try admin.submit(action: "/console/users", [("id", "sneaky-owner"), ("role", "owner")])
        #expect(forged.status == 403 && forged.text.contains("id=\"role-problem\""), "\(forged.status)")
        #expect(try harness.fixture.store.user(tenant: harness.fixture.tenant, id: "sneaky-owner") == nil)
    }

    @Test("OAuth apps: the workspace's clients listed; delete (confirmed) ends the client")
    func oauthClients() throws {
        try signIn()
        let clientID = try Self.registerClient("Console Test App", harness: harness)
        let page = try browser.get(path: "/console/oauth-clients")
        #expect(page.status == 200 && page.text.contains("Console Test App"), "\(page.text)")
        let deleted = try browser.submit(action: "/console/oauth-clients/\(clientID)/delete", [("confirm", "yes")])
        #expect(deleted.status == 303, "\(deleted.text)")
        #expect(try OAuthClientStore.registered(clientID, redis: harness.fixture.store.redisClient) == nil)
        #expect(!(try browser.get(path: "/console/oauth-clients")).text.contains("Console Test App"))
    }

    @Test("every form without its CSRF token is 403 and writes nothing", arguments: [
        "/console/keys", "/console/keys/ID/rotate", "/console/keys/ID/revoke", "/console/slots/secondary/regenerate",
        "/console/logout", "/console/signin", "/console/agents", "/console/oauth-clients/ID/delete", "/console/users",
    ])
    func formsNeedTheirCSRFToken(action: String) throws {
        try signIn()
        let (_, shown) = try createKey("target")
        let key = try #require(Self.revealed(shown))
        let id = try #require(Self.revealedID(shown))
        let before = try keyCount()
        let fields = [
            ("name", "no token"), ("scopes", "data:read"), ("idempotency_key", "k1"), ("grace_period_hours", "0"),
            ("confirm", "yes"), ("step", "phone"), ("phone", harness.ownerPhone),
        ]
        let refused = try browser.post(path: action.replacingOccurrences(of: "ID", with: id), fields)
        #expect(refused.status == 403, "\(action): \(refused.status)")
        #expect(try keyCount() == before)
        #expect(try keyWorks(key))
        #expect(try browser.get(path: "/console/keys").status == 200, "the session still works")
        let wrong = try browser.post(
            path: action.replacingOccurrences(of: "ID", with: id), [("csrf_token", "forged")] + fields)
        #expect(wrong.status == 403)
    }

    @Test("a session past its lifetime leads back to the sign-in page")
    func sessionsExpire() throws {
        try signIn()
        let cookie = try #require(browser.cookieHeader)
        var request = OTPHarness.get("/console/keys")
        request.headers.add("Cookie", cookie)
        let now = SystemAccess.currentTimeMilliseconds()
        #expect(try harness.send(request, clock: { now }).status == 200)
        // The session was opened with the default lifetime, GATEHOUSE_SESSION_TTL = 7 days.
        let later = try harness.send(request, clock: { now + (7 * 86_400 + 60) * 1000 })
        #expect(later.status == 303 && later.headers["Location"] == "/console/signin")
    }

    @Test("every page forbids framing and caching; sign out ends the session")
    func headersAndLogout() throws {
        let keys = try signIn()
        for page in [keys, try browser.get(path: "/console/signin"), try browser.get(path: "/console/slots")] {
            #expect(page.headers["X-Frame-Options"] == "DENY")
            #expect(page.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers["Cache-Control"] == "no-store")
        }
        let session = try #require(browser.cookies["amrood_session"])
        let out = try browser.submit(action: "/console/logout")
        #expect(out.status == 303 && out.headers["Location"] == "/console/signin")
        #expect(browser.cookies["amrood_session"] == nil)
        let stale = try harness.send(OTPHarness.get("/console/keys", cookie: "amrood_session=\(session)"))
        #expect(stale.status == 303 && stale.headers["Location"] == "/console/signin")
    }

    @Test("the once-shown key has a copy button: hidden without JavaScript, its one inline script allowed by its hash")
    func copyButton() throws {
        try signIn()
        let (_, shown) = try createKey("copy me")
        let key = try #require(Self.revealed(shown))
        #expect(shown.text.contains("<button type=\"button\" class=\"small\" data-copy=\"revealed-secret\" hidden>"))
        #expect(shown.text.contains("shown once and can never be retrieved again"))
        let scripts = shown.text.components(separatedBy: "<script>").dropFirst().map {
            $0.components(separatedBy: "</script>")[0]
        }
        try #require(scripts.count == 1, "one inline script")
        #expect(!scripts[0].contains(key), "the script carries no secret")
        let hash = "'sha256-" + Base64.encode(Array(SHA256.hash(data: Array(scripts[0].utf8)))) + "'"
        let policy = try #require(shown.headers["Content-Security-Policy"])
        #expect(policy.contains("script-src \(hash);"), "\(policy)")
        #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"))
        #expect(!shown.text.contains("src=\"http") && !shown.text.contains("href=\"http"), "no external asset")
        #expect(shown.headers["Cache-Control"] == "no-store")
    }

    @Test("keys list a last rotation: — before, the rotation's time after (old and new key), and the API shows it")
    func lastRotation() throws {
        try signIn()
        let (_, shown) = try createKey("rotated later")
        let id = try #require(Self.revealedID(shown))
        let before = try browser.get(path: "/console/keys")
        #expect(before.text.contains("<th scope=\"col\">Last rotation</th>"))
        #expect(before.text.contains("<td data-label=\"Last rotation\">—</td>"))
        #expect(try browser.submit(action: "/console/keys/\(id)/rotate", [("grace_period_hours", "1")]).status == 303)
        let page = try browser.get(path: "/console/keys")
        let newID = try #require(page.text.components(separatedBy: "New key id ").dropFirst().first?
            .components(separatedBy: ".").first)
        let old = try #require(try harness.fixture.store.key(tenant: harness.fixture.tenant, id: id))
        let new = try #require(try harness.fixture.store.key(tenant: harness.fixture.tenant, id: newID))
        let rotatedAt = try #require(old.rotatedAt)
        #expect(new.rotatedAt == rotatedAt && new.rotatedFrom == id)
        let shownTime = ConsoleKeysPage.date(rotatedAt)
        for row in [id, newID] {
            let cells = try #require(page.text.components(separatedBy: "<tr id=\"key-\(row)\">").dropFirst().first)
            #expect(cells.components(separatedBy: "</tr>")[0].contains("<td data-label=\"Last rotation\">\(shownTime)</td>"))
        }
        let api = try harness.send(OTPHarness.get("/v1/api_keys/\(newID)", bearer: harness.fixture.ownerKey.text))
        #expect(api.json["last_rotated_at"]?.stringValue == Timestamp.iso8601(milliseconds: rotatedAt))
        #expect(api.json["rotated_from"]?.stringValue == id)
        let never = try harness.send(OTPHarness.get("/v1/api_keys/\(harness.fixture.ownerKeyRecord.id)", bearer: harness.fixture.ownerKey.text))
        #expect(never.json["last_rotated_at"] == .null)
    }

    @Test("a platform administrator signs in to the tenants page, paged; no tenant page, form or POST is theirs")
    func administratorSeesTenants() throws {
        let store = harness.fixture.store
        let adminPhone = OTPHarness.randomPhone()
        let admin = try store.createPlatformAdmin(phone: adminPhone)
        let harness = harness
        let browser = OAuthPageBrowser { try harness.send($0) }
        let page = try signIn(adminPhone, browser: browser, start: "/console/tenants")
        #expect(page.status == 200 && page.text.contains("<h1>Tenants</h1>"), "\(page.text)")
        #expect(page.text.contains(admin.id) && page.text.contains("platform administrator"))
        #expect(!page.text.contains("href=\"/console/keys\""), "no tenant section in the navigation")
        #expect(page.headers["Cache-Control"] == "no-store")
        #expect(page.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
        #expect(try browser.get(path: "/console/signin").headers["Location"] == "/console/tenants")

        // Every page of the directory, following "More tenants": the fixture's tenant on exactly one.
        var found = 0
        var next: String? = page.text
        var pages = 0
        while let text = next, pages < 10_000 {
            found += text.contains("<code>\(harness.fixture.tenant)</code>") ? 1 : 0
            pages += 1
            guard let cursor = text.components(separatedBy: "/console/tenants?cursor=").dropFirst().first?
                .components(separatedBy: "\"").first
            else { break }
            let more = try browser.get(path: "/console/tenants", query: "cursor=" + cursor)
            try #require(more.status == 200)
            next = more.text
        }
        #expect(found == 1)
        #expect(try browser.get(path: "/console/tenants", query: "cursor=nonsense").status == 422)

        let before = try keyCount()
        for tenantPage in ["/console/keys", "/console/slots", "/console/users", "/console/audit"] {
            #expect(try browser.get(path: tenantPage).status == 403, "\(tenantPage)")
        }
        _ = try browser.get(path: "/console/tenants")
        let csrf = try browser.hiddenFields(action: "/console/logout")
        let forged = try browser.post(
            path: "/console/keys", csrf + [("name", "admin's"), ("scopes", "data:read"), ("idempotency_key", "a1")])
        #expect(forged.status == 403)
        #expect(try keyCount() == before)

        let user = try signedInViewerBrowser()
        #expect(try user.get(path: "/console/tenants").status == 403, "a tenant's user sees no tenant list")

        _ = try browser.get(path: "/console/tenants")
        let out = try browser.submit(action: "/console/logout")
        #expect(out.status == 303 && out.headers["Location"] == "/console/signin")
        #expect(try browser.get(path: "/console/tenants").headers["Location"] == "/console/signin")
    }

    @Test("create with an expiry date: the key works through that UTC day; a past date or a date with a duration is refused next to its field")
    func expiryDate() throws {
        try signIn()
        let now = SystemAccess.currentTimeMilliseconds()
        let day = String(Timestamp.iso8601(milliseconds: now + 3 * 86_400_000).prefix(10))
        _ = try browser.get(path: "/console/keys")
        let created = try browser.submit(
            action: "/console/keys", [("name", "dated"), ("scopes", "data:read"), ("expires_on", day)])
        #expect(created.status == 303, "\(created.text)")
        let id = try #require(Self.revealedID(try browser.get(path: "/console/keys")))
        let record = try #require(try harness.fixture.store.key(tenant: harness.fixture.tenant, id: id))
        #expect(record.expiresAt == Timestamp.parseISO8601(day + "T23:59:59Z"))

        let before = try keyCount()
        _ = try browser.get(path: "/console/keys")
        let past = try browser.submit(
            action: "/console/keys", [("name", "past"), ("scopes", "data:read"), ("expires_on", "2020-01-01")])
        #expect(past.status == 422 && past.text.contains("id=\"expires_on-problem\""), "\(past.text)")
        #expect(past.text.contains("aria-describedby=\"expires_on-problem\""))
        _ = try browser.get(path: "/console/keys")
        let both = try browser.submit(
            action: "/console/keys",
            [("name", "both"), ("scopes", "data:read"), ("expires_on", day), ("duration", "30")])
        #expect(both.status == 422 && both.text.contains("id=\"duration-problem\""), "\(both.text)")
        #expect(try keyCount() == before)
    }

    /// Every form control of a page without a label: an `<input>` (not hidden) or `<select>` whose
    /// id no `<label for>` names and that no `<label>` wraps.
    static func unlabelled(_ html: String) -> [String] {
        let labelled = Set(html.components(separatedBy: "<label for=\"").dropFirst().compactMap {
            $0.components(separatedBy: "\"").first
        })
        var problems: [String] = []
        var insideLabel = false
        for piece in html.components(separatedBy: "<").dropFirst() {
            if piece.hasPrefix("label") { insideLabel = true }
            if piece.hasPrefix("/label") { insideLabel = false }
            guard piece.hasPrefix("input ") || piece.hasPrefix("select ") || piece.hasPrefix("textarea "),
                !piece.contains("type=\"hidden\"")
            else { continue }
            let id = piece.components(separatedBy: "id=\"").dropFirst().first?.components(separatedBy: "\"").first
            if !insideLabel && !(id.map(labelled.contains) ?? false) { problems.append(String(piece.prefix(80))) }
        }
        return problems
    }

    @Test("every input and select of every console page has a label")
    func labelledInputs() throws {
        try signIn()
        _ = try createKey("labelled")
        _ = try browser.get(path: "/console/agents")
        _ = try browser.submit(action: "/console/agents", [("name", "Labelled agent"), ("scopes", "data:read")])
        for path in [
            "/console/keys", "/console/slots", "/console/agents", "/console/users", "/console/oauth-clients",
            "/console/audit",
        ] {
            let page = try browser.get(path: path)
            #expect(page.status == 200)
            #expect(Self.unlabelled(page.text).isEmpty, "\(path): \(Self.unlabelled(page.text))")
        }
        let signInPage = try OAuthPageBrowser { [harness] in try harness.send($0) }.get(path: "/console/signin")
        #expect(Self.unlabelled(signInPage.text).isEmpty, "\(Self.unlabelled(signInPage.text))")
        #expect(Self.unlabelled(#"<form><input id="x" name="x"></form>"#) == [#"input id="x" name="x">"#], "the check can fail")
    }
}

