/// What every console form's handler does once its CSRF token is checked: a destructive form
/// needs its confirmation box, then the API call runs; success is a 303 (with the once-shown
/// secret when there is one), a refusal the page again with the problem next to its field.
extension ConsoleRoutes {
    /// The page again with "tick the box" next to the row's confirmation, or nil when it is ticked.
    static func unconfirmed(
        _ form: ConsoleForm, rowID: String, _ rerender: (ConsoleProblem) throws -> APIResponse
    ) throws -> APIResponse? {
        guard form.value("confirm") != "yes" else { return nil }
        return try rerender(.init(field: "confirm", rowID: rowID, message: "Tick the box to confirm."))
    }

    /// Runs `call` through `handler`: a 303 to `next` (carrying `reveal` of the answer, if given),
    /// or `rerender` with the refusal as a problem of `fallback` (of `rowID`).
    static func act(
        _ page: ConsolePage, _ call: ConsoleAPICall, handler: (APIRequest, HandlerContext) throws -> APIResponse,
        parameters: [String: String]? = nil, idempotencyKey: String? = nil, rowID: String? = nil,
        fallback: String, scopesField: String? = "scopes", next: String,
        reveal: ((JSONObject) -> ConsoleReveal)? = nil, rerender: (ConsoleProblem) throws -> APIResponse
    ) throws -> APIResponse {
        let answer: JSONObject
        do {
            answer = try call.perform(
                page.request, page.context, parameters: parameters, idempotencyKey: idempotencyKey, handler: handler)
        } catch let refusal as GatehouseError where refusal.status < 500 {
            return try rerender(ConsoleProblem(refusal, fallback: fallback, rowID: rowID, scopesField: scopesField))
        }
        return page.seeOther(next, cookies: try reveal.map { [try $0(answer).setCookie(page)] } ?? [])
    }
}

extension ConsolePage {
    /// A destructive form of one row: its confirmation box and button, and its problem.
    func confirmedForm(
        _ action: String, rowID: String, label: String, button: String, problem: ConsoleProblem?,
        buttonID: String? = nil
    ) -> String {
        form(
            action,
            "<div class=\"row\"><label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\""
                + ConsoleProblem.describedBy(problem, field: "confirm", rowID: rowID) + ">\(label)</label>"
                + "<button type=\"submit\" class=\"danger small\"" + (buttonID.map { " id=\"\($0)\"" } ?? "")
                + ">\(button)</button></div>" + (problem?.html(field: "confirm", rowID: rowID) ?? ""))
    }
}
