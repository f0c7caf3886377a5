/// The audit log page: the tenant's records newest first (time, method and route, outcome and
/// status, who and with which credential, client address), the filter form, and a link to the
/// next older page.
struct ConsoleAuditPage {
    let page: ConsolePage
    let principal: Principal
    let filter: ConsoleAuditFilter
    let records: [(id: String, fields: [(String, String)])]
    /// Where the next older page starts; nil on the last.
    let next: String?
    let problem: ConsoleProblem?

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>Audit log</h1><p class=\"muted\">Every call and every failed sign-in of your workspace, "
            + "console actions included. Times are UTC.</p>" + filterForm() + table()
            + (next.map { "<p><a href=\"/console/audit?\(HTMLText.escape(filter.query(before: $0)))\">Older records →</a></p>" }
                ?? "")
        return page.page(.audit, principal: principal, status: problem?.status ?? 200, content: content)
    }

    func filterForm() -> String {
        func select(_ name: String, _ label: String, _ options: [String], _ chosen: String?) -> String {
            "<div><label for=\"\(name)\">\(label)</label><select id=\"\(name)\" name=\"\(name)\""
                + ConsoleProblem.describedBy(problem, field: name) + "><option value=\"\">Any</option>"
                + options.map { "<option\($0 == chosen ? " selected" : "")>\($0)</option>" }.joined() + "</select>"
                + (problem?.html(field: name) ?? "") + "</div>"
        }
        func text(_ name: String, _ label: String, _ value: String?, placeholder: String) -> String {
            "<div><label for=\"\(name)\">\(label)</label><input id=\"\(name)\" name=\"\(name)\" "
                + "value=\"\(HTMLText.escape(value ?? ""))\" placeholder=\"\(placeholder)\""
                + ConsoleProblem.describedBy(problem, field: name) + ">" + (problem?.html(field: name) ?? "") + "</div>"
        }
        return "<form method=\"get\" action=\"/console/audit\" aria-label=\"Filter the audit log\"><div class=\"grid\">"
            + select("outcome", "Outcome", ConsoleAuditFilter.outcomes, filter.outcome)
            + text("route", "Route contains", filter.route, placeholder: "/console/keys")
            + select("credential", "Credential", ConsoleAuditFilter.credentials, filter.credential)
            + text("key_id", "Key or session id", filter.keyID, placeholder: "key_…")
            + text("since", "From (UTC)", filter.since, placeholder: "2026-12-01T15:00")
            + text("until", "Until (UTC)", filter.until, placeholder: "2026-12-01T18:00")
            + "</div><p><button type=\"submit\" class=\"small\">Filter</button></p></form>"
    }

    static let columns = ["Time", "Route", "Outcome", "Who", "Credential", "Client"]

    /// One record's cells, in ``columns`` order.
    static func cells(_ value: (String) -> String) -> [String] {
        [
            String(value("time").map { $0 == "T" ? " " : $0 }), value("method") + " " + value("route"),
            value("outcome") + " (" + value("status") + ")", value("subject").isEmpty ? "—" : value("subject"),
            [value("credential_type"), value("key_prefix"), value("key_id")].filter { !$0.isEmpty }
                .joined(separator: " "),
            value("client_ip"),
        ]
    }

    func table() -> String {
        guard !records.isEmpty else { return "<p>No records match.</p>" }
        let rows = records.map { record in
            let cells = Self.cells { name in record.fields.first { $0.0 == name }?.1 ?? "" }
            return "<tr>" + zip(Self.columns, cells).map { "<td data-label=\"\($0)\">\(HTMLText.escape($1))</td>" }
                .joined() + "</tr>"
        }
        return "<table><thead><tr>" + Self.columns.map { "<th scope=\"col\">\($0)</th>" }.joined()
            + "</tr></thead><tbody>" + rows.joined() + "</tbody></table>"
    }
}
