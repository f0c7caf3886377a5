/// What `/v1/verify` tells a client it refused (RFC 6750 §3, RFC 9728 §5.1), so that a gateway in
/// front of an MCP server answers MCP clients correctly: which resource the gateway guards
/// (`?resource=` or `X-Gatehouse-Resource`), the `WWW-Authenticate` challenge of a 401 and of the
/// 403 `insufficient_scope`.
public enum VerifyChallenge {
    /// The resource a verify request guards: nil when it names none (Gatehouse's own audience
    /// only); 400 when it names one that is not configured.
    public static func guardedResource(_ request: APIRequest, _ configuration: Configuration) throws -> OAuthResource? {
        let fromQuery = request.queryItems?.first { $0.name == "resource" }?.value
        guard let text = fromQuery ?? request.headers["x-gatehouse-resource"]?.trimmingASCIIWhitespace(),
            !text.isEmpty
        else { return nil }
        guard let resource = configuration.knownResource(text) else {
            throw GatehouseError.invalidRequest("The guarded resource is not a configured resource")
        }
        return resource
    }

    /// The `aud` values a verify request accepts: the guarded resource's audience alone.
    public static func audiences(_ request: APIRequest, _ configuration: Configuration) throws -> [String] {
        [configuration.audience(for: try guardedResource(request, configuration))]
    }

    /// Where the guarded resource's (or Gatehouse's own API's) RFC 9728 metadata is.
    static func metadataURL(_ request: APIRequest, _ configuration: Configuration) -> String {
        ((try? guardedResource(request, configuration)) ?? nil ?? configuration.ownResource).metadataURL
    }

    /// A 401 of the verify route with its challenge: `Bearer resource_metadata="…"`, the required
    /// scopes, and `error="invalid_token"` when a token was presented. Other errors pass unchanged.
    public static func challenging(
        _ error: GatehouseError, _ request: APIRequest, _ configuration: Configuration
    ) -> GatehouseError {
        guard error.status == 401 else { return error }
        var parameters: [(String, String)] = []
        if let authorization = request.headers["authorization"], authorization.utf8.count > 7,
            String(authorization.prefix(7)).asciiLowercased == "bearer "
        {
            parameters.append(("error", "invalid_token"))
        }
        if let scopes = try? VerifyRoutes.requiredScopes(request) { parameters.append(("scope", scopes.description)) }
        parameters.append(("resource_metadata", metadataURL(request, configuration)))
        return adding(challenge(parameters), to: error)
    }

    /// The 403 of a principal lacking some of `required`: `missing_scope` names the first, the
    /// challenge every required scope (RFC 6750 §3.1 `insufficient_scope`).
    public static func insufficientScope(
        missing: Scope, required: ScopeSet, _ request: APIRequest, _ configuration: Configuration
    ) -> GatehouseError {
        let value = challenge([
            ("error", "insufficient_scope"), ("scope", required.description),
            ("resource_metadata", metadataURL(request, configuration)),
        ])
        return adding(value, to: .missingScope(missing.description))
    }

    static func challenge(_ parameters: [(String, String)]) -> String {
        "Bearer " + parameters.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ", ")
    }

    static func adding(_ challenge: String, to error: GatehouseError) -> GatehouseError {
        var headers = error.headers
        headers.set("WWW-Authenticate", challenge)
        return GatehouseError(
            status: error.status, code: error.code, message: error.message, details: error.details,
            headers: headers, oauthCode: error.oauthCode)
    }
}
