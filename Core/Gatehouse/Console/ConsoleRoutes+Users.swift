/// The users and roles page's handlers: each form is the API call it stands for, within the
/// permission boundary the API enforces.
extension ConsoleRoutes {
    /// `GET /console/users`.
    static func users(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        try usersPage(try ConsolePage(request, context), problem: nil)
    }

    static func usersPage(_ page: ConsolePage, problem: ConsoleProblem?) throws -> APIResponse {
        let listed = try ConsoleAPICall(method: "GET", path: "/v1/users", body: nil).perform(
            page.request, page.context, handler: KeyRoutes.listUsers)
        return ConsoleUsersPage(
            page: page, principal: try page.context.requirePrincipal(),
            users: listed["data"]?.arrayValue?.compactMap(\.objectValue) ?? [], problem: problem
        ).response()
    }

    /// `POST /console/users`: `POST /v1/users`.
    static func createUser(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        var body: JSONObject = ["role": .string(form.value("role") ?? "")]
        if let id = form.value("id") { body["id"] = .string(id) }
        if let phone = form.value("phone") { body["phone"] = .string(phone) }
        return try userAction(page, "POST", "/v1/users", body: body, rowID: nil, fallback: "role", KeyRoutes.createUser)
    }

    /// `POST /console/users/{id}/role`: `PATCH /v1/users/{id}`.
    static func changeRole(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        return try userAction(
            page, "PATCH", "/v1/users/\(id)", body: ["role": .string(form.value("role") ?? "")], rowID: id,
            fallback: "role", KeyRoutes.updateUser)
    }

    /// `POST /console/users/{id}/disable`: `DELETE /v1/users/{id}` once the box is ticked.
    static func disableUser(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        if let refused = try unconfirmed(form, rowID: id, { try usersPage(page, problem: $0) }) { return refused }
        return try userAction(page, "DELETE", "/v1/users/\(id)", body: nil, rowID: id, fallback: "confirm", KeyRoutes.disableUser)
    }

    /// Runs a user form's API call: a 303 back to the page, or the page with the refusal.
    static func userAction(
        _ page: ConsolePage, _ method: String, _ path: String, body: JSONObject?, rowID: String?, fallback: String,
        _ handler: (APIRequest, HandlerContext) throws -> APIResponse
    ) throws -> APIResponse {
        try act(
            page, ConsoleAPICall(method: method, path: path, body: body), handler: handler, rowID: rowID,
            fallback: fallback, scopesField: nil, next: "/console/users", rerender: { try usersPage(page, problem: $0) })
    }
}
