/// The `oauth` function: the OAuth 2.1 token endpoint, one URL for every grant (SPEC §1, §4 oauth).
/// Each grant is handled by the code that owns its credential: token exchange by sign-in, the
/// refresh-token grant by refresh.
public enum OAuthRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = tokenHandlers.merging(OAuthClientRoutes.handlers)

    /// The token and revocation endpoints' handlers.
    static let tokenHandlers: RouteHandlers = [
        .oauthToken: token,
        .oauthRevoke: revoke,
        .oauthAuthorize: OAuthAuthorizeRoutes.authorize,
        .oauthAuthorizeForm: OAuthAuthorizeRoutes.submit,
    ]

    /// `POST /oauth/token`, dispatched by `grant_type`; errors in RFC 6749 form.
    static func token(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let form = try RequestBody.form(request)
        guard let grantType = try single("grant_type", in: form) else {
            throw GatehouseError.invalidRequest("grant_type is required")
        }
        switch grantType {
        case "authorization_code":
            return try authorizationCodeGrant(form, request, context)
        case "refresh_token":
            return try RefreshRoutes.oauthRefreshGrant(form, request, context)
        case SigninRoutes.tokenExchangeGrant:
            return try SigninRoutes.oauthTokenExchange(form, request, context)
        default:
            throw GatehouseError(
                status: 400, code: "invalid_request", message: "Unsupported grant_type",
                oauthCode: "unsupported_grant_type")
        }
    }

    /// The one value of a form parameter, nil when absent; a repeated parameter is refused
    /// (RFC 6749 §3.1).
    static func single(_ name: String, in form: [(name: String, value: String)]) throws -> String? {
        let values = form.filter { $0.name == name }
        guard values.count <= 1 else { throw GatehouseError.invalidRequest("\(name) is repeated") }
        return values.first?.value
    }
}
