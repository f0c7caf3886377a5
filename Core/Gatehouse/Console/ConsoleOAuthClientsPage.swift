/// The OAuth apps page (seed 003): the clients the workspace registered or that hold grants of its
/// users (as `GET /v1/oauth_clients`), and for `keys:manage` each one's delete form, which ends
/// every token it holds (`DELETE /v1/oauth_clients/{id}`).
struct ConsoleOAuthClientsPage {
    let page: ConsolePage
    let principal: Principal
    let clients: [OAuthClientStore.TenantView]
    let problem: ConsoleProblem?

    var mayManage: Bool { principal.effectiveScopes.allows(Scope("keys:manage")!) }

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>OAuth apps</h1><p class=\"muted\">Apps and MCP clients your workspace registered, or that your users "
            + "allowed to act for them. Deleting one ends every token it holds at once.</p>" + table()
        return page.page(.oauthClients, principal: principal, status: problem?.status ?? 200, content: content)
    }

    func table() -> String {
        guard !clients.isEmpty else { return "<p>No OAuth apps.</p>" }
        let head = ["Name", "Client id", "Redirects to", "Origin", "Created"] + (mayManage ? ["Actions"] : [])
        let rows = clients.map { view -> String in
            let client = view.client
            let cells = [
                ("Name", HTMLText.escape(client.name)), ("Client id", "<code>\(HTMLText.escape(client.id))</code>"),
                ("Redirects to", client.redirectURIs.map { HTMLText.escape(OAuthPages.host($0)) }.joined(separator: ", ")),
                ("Origin", view.registeredHere ? "registered here" : "self-registered"),
                ("Created", ConsoleKeysPage.date(client.createdAt)),
            ]
            var row = "<tr>" + cells.map { "<td data-label=\"\($0.0)\">\($0.1)</td>" }.joined()
            if mayManage {
                row += "<td data-label=\"Actions\">"
                    + page.confirmedForm(
                        "/console/oauth-clients/\(client.id)/delete", rowID: client.id, label: "Yes, delete",
                        button: "Delete", problem: problem) + "</td>"
            }
            return row + "</tr>"
        }
        return "<table><thead><tr>" + head.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            + rows.joined() + "</tbody></table>"
    }
}
