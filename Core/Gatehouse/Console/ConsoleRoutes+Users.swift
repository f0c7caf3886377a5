/// The users and roles page's handlers: each form is the API call it stands for, within the
/// permission boundary the API enforces.
extension ConsoleRoutes {
    /// `GET /console/users`.
    static func users(_ request: Request, _ context: RequestContext) throws -> Response {
        try usersPage(try ConsolePage(request, context), problem: nil)
    }

    static func usersPage(_ page: ConsolePage, problem: ConsoleProblem?) throws -> Response {
        let listed = try ConsoleAPICall(method: "GET", path: "/v1/users", body: nil).perform(
            page.request, page.context, handler: KeyRoutes.listUsers)
        return ConsoleUsersPage(
            page: page, principal: try page.context.requirePrincipal(),
            users: listed["data"]?.arrayValue?.compactMap(\.objectValue) ?? [], problem: problem
        ).response()
    }

    /// `POST /console/users`: `POST /v1/users`.
    static func createUser(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        var body: JSONObject = ["role": .string(form.value("role") ?? "")]
        if let id = form.value("id") { body["id"] = .string(id) }
        if let phone = form.value("phone") { body["phone"] = .string(phone) }
        return try userAction(page, "POST", "/v1/users", body: body, rowID: nil, fallback: "role", KeyRoutes.createUser)
    }

    /// `POST /console/users/{id}/role`: `PATCH /v1/users/{id}`.
    static func changeRole(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        return try userAction(
            page, "PATCH", "/v1/users/\(id)", body: ["role": .string(form.value("role") ?? "")], rowID: id,
            fallback: "role", KeyRoutes.updateUser)
    }

    /// `POST /console/users/{id}/disable`: `DELETE /v1/users/{id}` once the box is ticked.
    static func disableUser(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        guard form.value("confirm") == "yes" else {
            return try usersPage(page, problem: .init(field: "confirm", rowID: id, message: "Tick the box to confirm."))
        }
        return try userAction(page, "DELETE", "/v1/users/\(id)", body: nil, rowID: id, fallback: "confirm", KeyRoutes.disableUser)
    }

    /// Runs a user form's API call: a 303 back to the page, or the page with the refusal.
    static func userAction(
        _ page: ConsolePage, _ method: String, _ path: String, body: JSONObject?, rowID: String?, fallback: String,
        _ handler: (Request, RequestContext) throws -> Response
    ) throws -> Response {
        do {
            _ = try ConsoleAPICall(method: method, path: path, body: body).perform(
                page.request, page.context, handler: handler)
            return page.seeOther("/console/users")
        } catch let refusal as GatehouseError where refusal.status < 500 {
            return try usersPage(page, problem: ConsoleProblem(refusal, fallback: fallback, rowID: rowID, scopesField: nil))
        }
    }
}
