/// The API keys page (seeds 000 and 003: "Settings → Developer → Create key"): the tenant's keys
/// with prefix, name, scopes, mode, app, created, last rotation, expiry and state; for a user holding
/// `keys:manage`, the create form and each key's rotate and revoke forms.
struct ConsoleKeysPage {
    let page: ConsolePage
    let principal: Principal
    let records: [KeyRecord]
    let apps: [AppRecord]
    let reveal: ConsoleReveal?
    let problem: ConsoleProblem?

    /// The scopes a key may be given from the create form, where the user holds them.
    static let offeredScopes = [
        "data:read", "data:write", "keys:read", "keys:manage", "users:read", "users:manage", "agents:read",
        "agents:manage", "apps:read", "apps:write", "audit:read", "*:read", "*:write",
    ].compactMap { Scope($0) }

    var mayManage: Bool { principal.effectiveScopes.allows(Scope("keys:manage")!) }

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>API keys</h1>"
            + "<p class=\"muted\">Keys let your servers call the API as you. Each is shown once, when it is made.</p>"
            + (reveal?.html ?? "") + table()
            + (mayManage ? createForm() : "<p class=\"muted\">Your role can see keys but not create or change them.</p>")
        return page.page(.keys, principal: principal, status: problem?.status ?? 200, content: content)
    }

    // MARK: List

    func table() -> String {
        guard !records.isEmpty else { return "<p>No API keys yet.</p>" }
        let head = ["Prefix", "Name", "Scopes", "Mode", "App", "Created", "Last rotation", "Expires", "State"]
            + (mayManage ? ["Actions"] : [])
        let rows = records.map(row).joined()
        return "<table><thead><tr>" + head.map { "<th scope=\"col\">\($0)</th>" }.joined()
            + "</tr></thead><tbody>" + rows + "</tbody></table>"
    }

    func row(_ record: KeyRecord) -> String {
        let now = page.context.now
        let cells: [(String, String)] = [
            ("Prefix", "<code>\(HTMLText.escape(record.prefix))…</code>"),
            ("Name", HTMLText.escape(record.name)),
            ("Scopes", HTMLText.escape(record.scopes.description)),
            ("Mode", record.isTest ? "test" : "live"),
            ("App", record.appID.map(HTMLText.escape) ?? "any"),
            ("Created", Self.date(record.createdAt)),
            ("Last rotation", record.rotatedAt.map(Self.date) ?? "—"),
            ("Expires", record.expiresAt.map(Self.date) ?? "never"),
            ("State", state(record, now: now)),
        ]
        var html = "<tr id=\"key-\(HTMLText.escape(record.id))\">"
            + cells.map { "<td data-label=\"\($0.0)\">\($0.1)</td>" }.joined()
        if mayManage {
            html += "<td data-label=\"Actions\">" + (record.isUsable(at: now) ? actions(record) : "") + "</td>"
        }
        return html + "</tr>"
    }

    func state(_ record: KeyRecord, now: Int64) -> String {
        if let revoked = record.revokedAt {
            return revoked <= now ? "revoked" : "works until \(Self.date(revoked)) (rotated)"
        }
        if let expires = record.expiresAt, expires <= now { return "expired" }
        return "active"
    }

    /// Rotate (with a grace period) and revoke (with confirmation) for one usable key.
    func actions(_ record: KeyRecord) -> String {
        let id = HTMLText.escape(record.id)
        let graces = [(0, "none: old key stops now"), (1, "1 hour"), (24, "24 hours"), (168, "7 days")]
        let rotate = page.form(
            "/console/keys/\(record.id)/rotate",
            "<div class=\"row\"><label for=\"grace-\(id)\">Grace</label>"
                + "<select id=\"grace-\(id)\" name=\"grace_period_hours\""
                + ConsoleProblem.describedBy(problem, field: "grace_period_hours", rowID: record.id) + ">"
                + graces.map { "<option value=\"\($0.0)\"\($0.0 == 24 ? " selected" : "")>\($0.1)</option>" }.joined()
                + "</select><button type=\"submit\" class=\"small\">Rotate</button></div>"
                + (problem?.html(field: "grace_period_hours", rowID: record.id) ?? ""))
        let revoke = page.confirmedForm(
            "/console/keys/\(record.id)/revoke", rowID: record.id, label: "Yes, revoke now", button: "Revoke",
            problem: problem)
        return rotate + revoke
    }

    // MARK: Create

    func createForm() -> String {
        let scopes = Self.offeredScopes.filter { principal.effectiveScopes.allows($0) }.map { scope in
            "<label class=\"check\"><input type=\"checkbox\" name=\"scopes\" value=\"\(scope)\">"
                + "\(HTMLText.escape(ScopeWording.words(scope))) <code>\(scope)</code></label>"
        }
        let durations = [("", "Never expires"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year")]
        let appOptions = ["<option value=\"\">Any app of the workspace</option>"]
            + apps.map { "<option value=\"\(HTMLText.escape($0.id))\">\(HTMLText.escape($0.name))</option>" }
        return "<h2 id=\"create\">Create key</h2>"
            + page.form(
                "/console/keys",
                "<input type=\"hidden\" name=\"idempotency_key\" value=\"\(Identifier.generate("form"))\">"
                    + "<label for=\"name\">Name</label>"
                    + "<input id=\"name\" name=\"name\" required maxlength=\"100\" autocomplete=\"off\""
                    + ConsoleProblem.describedBy(problem, field: "name") + ">"
                    + (problem?.html(field: "name") ?? "") + "<p class=\"hint\">Where the key will be used.</p>"
                    + "<fieldset" + ConsoleProblem.describedBy(problem, field: "scopes")
                    + "><legend>Scopes</legend><div class=\"grid\">" + scopes.joined() + "</div>"
                    + (problem?.html(field: "scopes") ?? "") + "</fieldset>"
                    + "<div class=\"grid\"><div><label for=\"duration\">Expiry</label>"
                    + "<select id=\"duration\" name=\"duration\"" + ConsoleProblem.describedBy(problem, field: "duration")
                    + ">" + durations.map { "<option value=\"\($0.0)\">\($0.1)</option>" }.joined() + "</select>"
                    + (problem?.html(field: "duration") ?? "") + "</div>"
                    + "<div><label for=\"expires-on\">Or expires on (UTC date)</label>"
                    + "<input id=\"expires-on\" name=\"expires_on\" type=\"date\" min=\"\(tomorrow)\""
                    + ConsoleProblem.describedBy(problem, field: "expires_on") + ">"
                    + (problem?.html(field: "expires_on") ?? "") + "</div>"
                    + "<div><label for=\"app\">App</label><select id=\"app\" name=\"app_id\""
                    + ConsoleProblem.describedBy(problem, field: "app_id") + ">" + appOptions.joined() + "</select>"
                    + (problem?.html(field: "app_id") ?? "") + "</div></div>"
                    + "<label class=\"check\"><input type=\"checkbox\" name=\"is_test\" value=\"yes\""
                    + ConsoleProblem.describedBy(problem, field: "is_test") + ">Test mode key (ak_test_…: test data only)"
                    + "</label>" + (problem?.html(field: "is_test") ?? "")
                    + "<p><button type=\"submit\" id=\"create-key\">Create key</button></p>",
                attributes: " aria-labelledby=\"create\"")
    }

    /// The first day a key can be set to expire on (UTC), the date field's minimum.
    var tomorrow: String { String(Timestamp.iso8601(milliseconds: page.context.now + 86_400_000).prefix(10)) }

    /// A time as the pages show it: `2026-12-01 15:24 UTC`.
    static func date(_ milliseconds: Int64) -> String {
        let text = Timestamp.iso8601(milliseconds: milliseconds)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }
}
