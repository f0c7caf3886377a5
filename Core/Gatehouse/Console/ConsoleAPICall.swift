/// A console form carried out as the API call it stands for: the same handler, the same rules
/// (scopes within the user's, the permission boundary, `cannot_revoke_current_key`), the same
/// store functions, under the signed-in user's session principal. Refusals are thrown as the API
/// throws them, for the page to show next to the field.
struct ConsoleAPICall {
    let method: String
    let path: String
    let body: JSONObject?

    /// The API request: JSON body, the browser's address and user agent.
    func request(from browser: APIRequest) -> APIRequest {
        var headers: HeaderFields = [:]
        if body != nil { headers.set("Content-Type", "application/json") }
        if let agent = browser.headers["user-agent"] { headers.set("User-Agent", agent) }
        return APIRequest(
            method: method, path: path, headers: headers, body: body.map { JSONValue.object($0).serialized() } ?? [],
            remoteAddress: browser.remoteAddress)
    }

    /// Runs `handler`; with `idempotencyKey` (a create form's one-time field), through the
    /// idempotency store, so a form submitted twice replays the first answer and writes nothing
    /// twice. Returns the answer's JSON object.
    func perform(
        _ browser: APIRequest, _ context: HandlerContext, parameters: [String: String]? = nil,
        idempotencyKey: String? = nil, handler: (APIRequest, HandlerContext) throws -> APIResponse
    ) throws -> JSONObject {
        let request = request(from: browser)
        var context = context
        if let parameters { context.parameters = parameters }
        let response: APIResponse
        if let idempotencyKey {
            response = try IdempotencyStore.perform(
                request, key: idempotencyKey, principal: try context.requirePrincipal(), context: context
            ) { claimed in try handler(request, claimed) }
        } else {
            response = try handler(request, context)
        }
        guard !response.body.isEmpty else { return [:] }
        return (try? JSONValue.parse(response.body))?.objectValue ?? [:]
    }
}
