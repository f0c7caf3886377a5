/// The agents and OAuth apps pages' handlers: each form is the API call it stands for.
extension ConsoleRoutes {
    // MARK: Agents

    /// `GET /console/agents`.
    static func agents(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        return try page.revealing { reveal in try agentsPage(page, reveal: reveal, problem: nil) }
    }

    static func agentsPage(_ page: ConsolePage, reveal: ConsoleReveal?, problem: ConsoleProblem?) throws -> APIResponse {
        let listed = try ConsoleAPICall(method: "GET", path: "/v1/agents", body: nil).perform(
            page.request, page.context, handler: KeyRoutes.listAgents)
        let agents = listed["data"]?.arrayValue?.compactMap(\.objectValue) ?? []
        return ConsoleAgentsPage(
            page: page, principal: try page.context.requirePrincipal(), agents: agents, reveal: reveal,
            problem: problem
        ).response()
    }

    /// `POST /console/agents`: `POST /v1/agents` owned by the signed-in user; its key shown once.
    static func createAgent(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let scopes = (form.value("scopes") ?? "").split(separator: " ").map { JSONValue.string(String($0)) }
        let body: JSONObject = [
            "name": .string(form.value("name") ?? ""), "scopes": .array(scopes),
            "owner_id": .string(try context.requirePrincipal().subject),
        ]
        return try act(
            page, ConsoleAPICall(method: "POST", path: "/v1/agents", body: body), handler: KeyRoutes.createAgent,
            fallback: "name", next: "/console/agents",
            reveal: { agentKeyReveal($0, title: "Agent “\(form.value("name") ?? "")” created") },
            rerender: { try agentsPage(page, reveal: nil, problem: $0) })
    }

    /// `POST /console/agents/{agent_id}/rotate`: `POST /v1/agents/{agent_id}/rotate-keys`.
    static func rotateAgentKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        _ = try page.checkedForm()
        let id = context.parameters["agent_id"] ?? ""
        return try act(
            page, ConsoleAPICall(method: "POST", path: "/v1/agents/\(id)/rotate-keys", body: nil),
            handler: RotateRoutes.rotateAgentKey, rowID: id, fallback: "rotate", next: "/console/agents",
            reveal: { agentKeyReveal($0, title: "Agent key rotated") },
            rerender: { try agentsPage(page, reveal: nil, problem: $0) })
    }

    static func agentKeyReveal(_ made: JSONObject, title: String) -> ConsoleReveal {
        ConsoleReveal(
            title: title, secret: made["key"]?.stringValue ?? "",
            detail: "Agent id \(made["id"]?.stringValue ?? ""). The agent presents it as x-agent-key; "
                + "an older key of this agent stopped working.")
    }

    /// `POST /console/agents/{id}/delete`: `DELETE /v1/agents/{id}` once the box is ticked.
    static func deleteAgent(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        let rerender = { (problem: ConsoleProblem) in try agentsPage(page, reveal: nil, problem: problem) }
        if let refused = try unconfirmed(form, rowID: id, rerender) { return refused }
        return try act(
            page, ConsoleAPICall(method: "DELETE", path: "/v1/agents/\(id)", body: nil), handler: KeyRoutes.deleteAgent,
            rowID: id, fallback: "confirm", next: "/console/agents", rerender: rerender)
    }

    // MARK: OAuth apps

    /// `GET /console/oauth-clients`.
    static func oauthClients(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        try oauthClientsPage(try ConsolePage(request, context), problem: nil)
    }

    static func oauthClientsPage(_ page: ConsolePage, problem: ConsoleProblem?) throws -> APIResponse {
        let principal = try page.context.requirePrincipal()
        let (views, _) = try OAuthClientStore.clients(
            of: principal.tenantID, page: PageRequest(), store: page.context.store)
        return ConsoleOAuthClientsPage(page: page, principal: principal, clients: views, problem: problem).response()
    }

    /// `POST /console/oauth-clients/{id}/delete`: `DELETE /v1/oauth_clients/{id}` once the box is
    /// ticked: every code, grant, refresh token and consent of the client ends.
    static func deleteOAuthClient(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        let rerender = { (problem: ConsoleProblem) in try oauthClientsPage(page, problem: problem) }
        if let refused = try unconfirmed(form, rowID: id, rerender) { return refused }
        return try act(
            page, ConsoleAPICall(method: "DELETE", path: "/v1/oauth_clients/\(id)", body: nil),
            handler: OAuthClientRoutes.delete, rowID: id, fallback: "confirm", next: "/console/oauth-clients",
            rerender: rerender)
    }
}
