/// The users and roles page: the workspace's users (as `GET /v1/users`), and for `users:manage`
/// the add form and each user's role and disable forms. Only roles within the signed-in user's
/// own scopes are offered (the permission boundary the API enforces again).
struct ConsoleUsersPage {
    let page: ConsolePage
    let principal: Principal
    /// The users as `GET /v1/users` answers them.
    let users: [JSONObject]
    let problem: ConsoleProblem?

    var mayManage: Bool { principal.effectiveScopes.allows(Scope("users:manage")!) }
    var grantable: [Role] { Role.allCases.filter { Authorization.mayGrant($0, principal: principal) } }

    /// The page.
    func response() -> APIResponse {
        let content =
            "<h1>Users</h1><p class=\"muted\">The people of your workspace and their roles: viewer &lt; editor &lt; "
            + "admin &lt; owner.</p>" + table() + (mayManage ? createForm() : "")
        return page.page(.users, principal: principal, status: problem?.status ?? 200, content: content)
    }

    func table() -> String {
        let head = ["User", "Role", "Status", "Phone"] + (mayManage ? ["Actions"] : [])
        let rows = users.map { user -> String in
            let text = { (name: String) in user[name]?.stringValue ?? "" }
            let cells = [
                ("User", HTMLText.escape(text("id"))), ("Role", HTMLText.escape(text("role"))),
                ("Status", HTMLText.escape(text("status"))), ("Phone", HTMLText.escape(text("phone"))),
            ]
            var row = "<tr>" + cells.map { "<td data-label=\"\($0.0)\">\($0.1)</td>" }.joined()
            if mayManage {
                row += "<td data-label=\"Actions\">"
                    + (text("status") == "active" && text("id") != principal.subject ? actions(text("id"), text("role")) : "")
                    + "</td>"
            }
            return row + "</tr>"
        }
        return "<table><thead><tr>" + head.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            + rows.joined() + "</tbody></table>"
    }

    func roleOptions(selected: String) -> String {
        grantable.map { "<option\($0.rawValue == selected ? " selected" : "")>\($0.rawValue)</option>" }.joined()
    }

    func actions(_ id: String, _ role: String) -> String {
        let escaped = HTMLText.escape(id)
        return page.form(
            "/console/users/\(id)/role",
            "<div class=\"row\"><label for=\"role-\(escaped)\">Role</label><select id=\"role-\(escaped)\" name=\"role\""
                + ConsoleProblem.describedBy(problem, field: "role", rowID: id) + ">" + roleOptions(selected: role)
                + "</select><button type=\"submit\" class=\"small\">Change</button></div>"
                + (problem?.html(field: "role", rowID: id) ?? ""))
            + page.confirmedForm(
                "/console/users/\(id)/disable", rowID: id, label: "Yes, disable", button: "Disable", problem: problem)
    }

    func createForm() -> String {
        "<h2 id=\"add-user-title\">Add user</h2>"
            + page.form(
                "/console/users",
                "<div class=\"grid\"><div><label for=\"user-id\">User id</label><input id=\"user-id\" name=\"id\" "
                    + "maxlength=\"128\"" + ConsoleProblem.describedBy(problem, field: "id") + ">"
                    + (problem?.html(field: "id") ?? "") + "<p class=\"hint\">Empty: one is generated.</p></div>"
                    + "<div><label for=\"user-role\">Role</label><select id=\"user-role\" name=\"role\""
                    + ConsoleProblem.describedBy(problem, field: "role") + ">" + roleOptions(selected: "viewer")
                    + "</select>" + (problem?.html(field: "role") ?? "") + "</div>"
                    + "<div><label for=\"user-phone\">Phone</label><input id=\"user-phone\" name=\"phone\" type=\"tel\" "
                    + "autocomplete=\"off\"" + ConsoleProblem.describedBy(problem, field: "phone") + ">"
                    + (problem?.html(field: "phone") ?? "") + "<p class=\"hint\">For sign-in by code.</p></div></div>"
                    + "<p><button type=\"submit\" id=\"add-user\">Add user</button></p>",
                attributes: " aria-labelledby=\"add-user-title\"")
    }
}
