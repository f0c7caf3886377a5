/// The agents page (seed 002): the agents the signed-in user owns (as `GET /v1/agents` shows a
/// user), and for a user holding `agents:manage` the create form and each agent's rotate-key and
/// delete forms. A created agent's key and a rotated one are shown once (``ConsoleReveal``).
struct ConsoleAgentsPage {
    let page: ConsolePage
    let principal: Principal
    /// The agents as `GET /v1/agents` answers them.
    let agents: [JSONObject]
    let reveal: ConsoleReveal?
    let problem: ConsoleProblem?

    var mayManage: Bool { principal.effectiveScopes.allows(Scope("agents:manage")!) }

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>Agents</h1><p class=\"muted\">Machine principals that act for you with their own key "
            + "(<code>agk_…</code>), allowed only their own resources.</p>" + (reveal?.html ?? "") + table()
            + (mayManage ? createForm() : "")
        return page.page(.agents, principal: principal, status: problem?.status ?? 200, content: content)
    }

    func table() -> String {
        guard !agents.isEmpty else { return "<p>No agents yet.</p>" }
        let head = ["Name", "Key prefix", "Scopes", "Mode", "Created"] + (mayManage ? ["Actions"] : [])
        let rows = agents.map { agent -> String in
            let text = { (name: String) in agent[name]?.stringValue ?? "" }
            let id = text("id")
            let scopes = agent["scopes"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? ""
            let cells = [
                ("Name", HTMLText.escape(text("name"))), ("Key prefix", "<code>\(HTMLText.escape(text("key_prefix")))…</code>"),
                ("Scopes", HTMLText.escape(scopes)), ("Mode", agent["is_test"]?.boolValue == true ? "test" : "live"),
                ("Created", HTMLText.escape(text("created_at").prefix(16).map { $0 == "T" ? " " : $0 }.map(String.init).joined())),
            ]
            var row = "<tr>" + cells.map { "<td data-label=\"\($0.0)\">\($0.1)</td>" }.joined()
            if mayManage { row += "<td data-label=\"Actions\">" + actions(id) + "</td>" }
            return row + "</tr>"
        }
        return "<table><thead><tr>" + head.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            + rows.joined() + "</tbody></table>"
    }

    func actions(_ id: String) -> String {
        page.form(
            "/console/agents/\(id)/rotate",
            "<button type=\"submit\" class=\"small\">Rotate key</button>" + (problem?.html(field: "rotate", rowID: id) ?? ""))
            + page.confirmedForm(
                "/console/agents/\(id)/delete", rowID: id, label: "Yes, delete", button: "Delete", problem: problem)
    }

    func createForm() -> String {
        "<h2 id=\"create-agent-title\">Create agent</h2>"
            + page.form(
                "/console/agents",
                "<label for=\"agent-name\">Name</label><input id=\"agent-name\" name=\"name\" required maxlength=\"100\""
                    + ConsoleProblem.describedBy(problem, field: "name") + ">" + (problem?.html(field: "name") ?? "")
                    + "<label for=\"agent-scopes\">Scopes</label><input id=\"agent-scopes\" name=\"scopes\" "
                    + "value=\"data:read data:write\"" + ConsoleProblem.describedBy(problem, field: "scopes") + ">"
                    + (problem?.html(field: "scopes") ?? "")
                    + "<p class=\"hint\">Space-separated; one resource each, no manage scopes.</p>"
                    + "<p><button type=\"submit\" id=\"create-agent\">Create agent</button></p>",
                attributes: " aria-labelledby=\"create-agent-title\"")
    }
}
