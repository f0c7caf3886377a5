extension OAuthRoutes {
    /// 400 `invalid_scope`: the request asks for more than the grant holds, or nothing valid.
    static let invalidScope = GatehouseError(
        status: 400, code: "invalid_request", message: "The requested scope exceeds the grant or is malformed",
        oauthCode: "invalid_scope")

    /// 400 `invalid_target` (RFC 8707 §2).
    static func invalidTarget(_ message: String) -> GatehouseError {
        GatehouseError(status: 400, code: "invalid_request", message: message, oauthCode: "invalid_target")
    }

    /// The resource a request names (RFC 8707): nil when absent; one at most ("one resource per
    /// request"), and a configured one, else `invalid_target`.
    static func resource(
        _ form: [(name: String, value: String)], _ configuration: Configuration
    ) throws -> OAuthResource? {
        let values = form.filter { $0.name == "resource" }
        guard values.count <= 1 else { throw invalidTarget("One resource per request") }
        guard let text = values.first?.value else { return nil }
        guard let resource = configuration.knownResource(text) else {
            throw invalidTarget("resource is not a resource this server issues tokens for")
        }
        return resource
    }

    /// What a refresh request asks besides rotation: `scope` (parsed; malformed → `invalid_scope`)
    /// and `resource` (known, with Gatehouse's own API as '').
    static func narrowing(
        _ form: [(name: String, value: String)], _ configuration: Configuration
    ) throws -> RefreshNarrowing {
        var scopes: ScopeSet?
        if let text = try single("scope", in: form) {
            guard let parsed = ScopeSet(parsing: text), !parsed.isEmpty else { throw invalidScope }
            scopes = parsed
        }
        let resource = try resource(form, configuration).map { $0 == configuration.ownResource ? "" : $0.uri }
        return RefreshNarrowing(scopes: scopes, resource: resource)
    }
}
