/// The `signin` function: an API key exchanged for a short-lived access token for one of the
/// tenant's users, in the three shapes of SPEC §4.
public enum SigninRoutes {
    /// RFC 8693's grant type.
    static let tokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange"
    /// The token type naming a Gatehouse API key as the subject token.
    static let apiKeyTokenType = "urn:gatehouse:token-type:api-key"
    /// The token type of the issued access token.
    static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"

    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .signinWithAPIKey: signinWithAPIKey,
        .tokenExchange: tokenExchange,
        .tenantTokenExchange: tokenExchange,
    ]

    // MARK: Seed 000

    /// `POST /v1/{org}/user/signin_with_api_key` → `{"id_token", "jwt", "expires_at"}`.
    static func signinWithAPIKey(_ request: Request, _ context: RequestContext) throws -> Response {
        let org = context.parameters["org"] ?? ""
        guard Identifier.isTenant(org) else {
            throw GatehouseError.validation("The organization path parameter is not a valid id", field: "org")
        }
        let key = try presentedAPIKey(request)
        guard let userID = request.headers["x-user-id"]?.trimmingASCIIWhitespace(), !userID.isEmpty else {
            throw GatehouseError.authentication("Missing x-user-id header")
        }
        let keyID = request.headers["x-api-key-id"]?.trimmingASCIIWhitespace()
        let (token, headers) = try exchange(key, keyID: keyID, tenant: org, userID: userID, context: context)
        return .json(
            200,
            [
                "id_token": .string(token.token), "jwt": .string(token.token),
                "expires_at": .string(token.expiresAtText),
            ], headers: headers)
    }

    // MARK: Seed 004

    /// `POST [/tenant/{tenantId}]/v2.0/Auth/token-exchange {"userId"}` → `{"token", "expires_at"}`.
    static func tokenExchange(_ request: Request, _ context: RequestContext) throws -> Response {
        let tenant = context.parameters["tenantId"]
        if let tenant, !Identifier.isTenant(tenant) {
            throw GatehouseError.validation("The tenantId path parameter is not a valid id", field: "tenantId")
        }
        let key = try presentedAPIKey(request)
        let body = try RequestBody.jsonObject(request)
        guard let userID = body["userId"]?.stringValue, !userID.isEmpty else {
            throw GatehouseError.validation("userId must be a non-empty string", field: "userId")
        }
        let (token, headers) = try exchange(key, keyID: nil, tenant: tenant, userID: userID, context: context)
        return .json(
            200, ["token": .string(token.token), "expires_at": .string(token.expiresAtText)], headers: headers)
    }

    // MARK: RFC 8693

    /// The token-exchange grant of `POST /oauth/token` (served by the `oauth` function):
    /// `subject_token` = an API key, `requested_subject` = the user id.
    static func oauthTokenExchange(_ form: [(name: String, value: String)], _ context: RequestContext) throws -> Response {
        func parameter(_ name: String) throws -> String? { try OAuthRoutes.single(name, in: form) }
        guard try parameter("subject_token_type") == apiKeyTokenType else {
            throw GatehouseError.invalidRequest("subject_token_type must be \(apiKeyTokenType)")
        }
        guard let subjectToken = try parameter("subject_token"), let key = APIKey.parse(subjectToken),
            key.kind == .apiKey
        else { throw GatehouseError.authentication() }
        guard let userID = try parameter("requested_subject"), !userID.isEmpty else {
            throw GatehouseError.invalidRequest("requested_subject is required")
        }
        if let audience = try parameter("audience"), audience != context.configuration.audience {
            throw GatehouseError(
                status: 400, code: "invalid_request", message: "Unknown audience",
                oauthCode: "invalid_target")
        }
        if let requested = try parameter("requested_token_type"), requested != accessTokenType {
            throw GatehouseError.invalidRequest("requested_token_type must be \(accessTokenType)")
        }
        var (token, headers) = try exchange(key, keyID: nil, tenant: nil, userID: userID, context: context)
        headers.set("Cache-Control", "no-store")
        headers.set("Pragma", "no-cache")
        return .json(
            200,
            [
                "access_token": .string(token.token), "issued_token_type": .string(accessTokenType),
                "token_type": "Bearer", "expires_in": .integer(token.lifetime),
                "scope": .string(token.scopes.description),
            ], headers: headers)
    }

    // MARK: Shared

    /// The API key of the request: `Authorization: Bearer` wins over `X-API-Key` (SPEC §3).
    /// A missing or malformed key is refused here, before any store access.
    static func presentedAPIKey(_ request: Request) throws -> APIKey {
        let text: String
        if let authorization = request.headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, String(parts[0]).asciiLowercased == "bearer" else {
                throw GatehouseError.authentication()
            }
            text = parts[1].trimmingASCIIWhitespace()
        } else if let header = request.headers["x-api-key"] {
            text = header.trimmingASCIIWhitespace()
        } else {
            throw GatehouseError.authentication()
        }
        guard let key = APIKey.parse(text), key.kind == .apiKey else { throw GatehouseError.authentication() }
        return key
    }

    /// Looks up, decides and signs: the common core of the three shapes.
    static func exchange(
        _ key: APIKey, keyID: String?, tenant: String?, userID: String, context: RequestContext
    )
        throws -> (AccessTokenIssuer.IssuedToken, HTTPHeaders)
    {
        guard Identifier.isObjectID(userID) else { throw GatehouseError.authentication(SigninPolicy.userNotFound) }
        let lookup = try SigninStore.lookup(
            tenant: tenant, presented: key, userID: userID, now: context.now, redis: context.redis)
        let grant = try SigninPolicy.decide(presented: key, presentedKeyID: keyID, lookup: lookup, now: context.now)
        let token = try AccessTokenIssuer.issue(
            subject: grant.user.id, tenant: grant.user.tenant, scopes: grant.scopes, clientID: grant.keyID,
            actor: ["sub": .string(grant.actor), "key_id": .string(grant.keyID)], isTest: grant.isTest,
            configuration: context.configuration, now: context.now)
        var logger = context.logger
        logger[metadataKey: "tenant"] = .string(grant.user.tenant)
        logger.info("token issued", metadata: ["key_id": .string(grant.keyID), "subject": .string(grant.user.id)])
        var headers = lookup.rateLimit?.headers ?? [:]
        headers.set("Cache-Control", "no-store")
        return (token, headers)
    }
}
