/// An authorization request that passed every check of OAUTH.md "Authorization endpoint"
/// (RFC 6749 §4.1.1, RFC 7636, RFC 8707, RFC 9207). Parsing is pure: the client lookup and the
/// resource check are given as functions, so the rules are tested without Redis. The same
/// parameters are parsed again on every form POST of the pages.
public struct OAuthAuthorizationRequest: Sendable {
    /// The parameters the endpoint reads; they are the ones the pages carry through their forms.
    public static let parameterNames = [
        "response_type", "client_id", "redirect_uri", "code_challenge", "code_challenge_method", "state", "scope",
        "resource",
    ]

    /// The client, as ``OAuthClientStore/client(_:context:)`` found it.
    public let client: OAuthClient
    /// Where the answer goes: the requested redirect URI, or the client's only registered one.
    public let redirectURI: String
    /// The `redirect_uri` exactly as sent; nil when it was omitted.
    public let requestedRedirectURI: String?
    /// The PKCE challenge, BASE64URL(SHA256(verifier)), 43 characters (method S256).
    public let codeChallenge: String
    /// The client's `state`, echoed once on every redirect; nil when it sent none.
    public let state: String?
    /// The requested scopes; nil when the request named none.
    public let scope: ScopeSet?
    /// The protected resource tokens are for (RFC 8707), canonical; nil when none was named.
    public let resource: OAuthResource?
    /// The request's parameters (the ones in ``parameterNames``), in order, for the forms.
    public let parameters: [(name: String, value: String)]

    /// Longest value accepted for any parameter.
    public static let maximumValueLength = 2048

    /// Parses and checks a request's parameters. The client and its redirect URI are checked
    /// first, and a failure there is an error page; every later failure redirects
    /// (``OAuthAuthorizationError``). `client` looks a client up by id; `knownResource` answers
    /// the canonical form of a resource Gatehouse issues tokens for, nil for any other.
    public static func parse(
        _ items: [(name: String, value: String)], client lookup: (String) throws -> OAuthClient?,
        knownResource: (String) -> OAuthResource?
    ) throws -> OAuthAuthorizationRequest {
        // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
        let parameters = items.filter { parameterNames.contains($0.name) && !$0.value.isEmpty }
        func values(_ name: String) -> [String] { parameters.filter { $0.name == name }.map(\.value) }
        let client = try client(values("client_id"), lookup)
        let (redirectURI, requested) = try redirect(values("redirect_uri"), of: client)
        let states = values("state")
        let refuse = { (code: String, description: String) in
            OAuthAuthorizationError(
                code, description, delivery: .redirect(uri: redirectURI, state: states.count == 1 ? states[0] : nil))
        }
        if let long = parameters.first(where: { $0.value.utf8.count > maximumValueLength }) {
            throw refuse("invalid_request", "\(long.name) is too long")
        }
        if let repeated = parameterNames.first(where: { $0 != "resource" && values($0).count > 1 }) {
            throw refuse("invalid_request", "\(repeated) is repeated")
        }
        guard let responseType = values("response_type").first else {
            throw refuse("invalid_request", "response_type is required")
        }
        guard responseType == "code" else {
            throw refuse("unsupported_response_type", "Only response_type=code is supported")
        }
        let challenge = try codeChallenge(
            values("code_challenge").first, method: values("code_challenge_method").first, refuse: refuse)
        var scope: ScopeSet?
        if let text = values("scope").first {
            guard let parsed = ScopeSet(parsing: text), !parsed.isEmpty else {
                throw refuse("invalid_scope", "scope must be space-separated resource:action scopes")
            }
            scope = parsed
        }
        let resources = values("resource")
        guard resources.count <= 1 else { throw refuse("invalid_target", "One resource per request") }
        var resource: OAuthResource?
        if let text = resources.first {
            guard let known = knownResource(text) else {
                throw refuse("invalid_target", "resource is not a protected resource of this server")
            }
            resource = known
        }
        return OAuthAuthorizationRequest(
            client: client, redirectURI: redirectURI, requestedRedirectURI: requested, codeChallenge: challenge,
            state: states.first, scope: scope, resource: resource, parameters: parameters)
    }

    /// The scopes a user of `role` may grant the client: the requested ones (else the client's
    /// registered `scope`, else the role's defaults) narrowed to the role's defaults; nil when
    /// nothing is left (`invalid_scope`).
    public func grantedScopes(role: Role) -> ScopeSet? {
        let granted = (scope ?? client.scope ?? role.defaultScopes).intersection(role.defaultScopes)
        return granted.isEmpty ? nil : granted
    }

    /// A refusal redirected to the client (`access_denied`, `invalid_scope` after sign-in).
    public func refusal(_ code: String, _ description: String) -> OAuthAuthorizationError {
        OAuthAuthorizationError(code, description, delivery: .redirect(uri: redirectURI, state: state))
    }

    /// The `Location` of the successful answer: `code`, `state` (when sent) and `iss`, each once.
    public func location(code: String, issuer: String) -> String {
        var parameters = [("code", code)]
        if let state { parameters.append(("state", state)) }
        parameters.append(("iss", issuer))
        return Self.location(redirectURI, parameters)
    }

    /// `uri` with `parameters` added to its query.
    static func location(_ uri: String, _ parameters: [(String, String)]) -> String {
        let separator = uri.contains("?") ? (uri.hasSuffix("?") || uri.hasSuffix("&") ? "" : "&") : "?"
        return uri + separator + FormURLEncoded.encode(parameters)
    }

    // MARK: Steps

    /// The one `client_id`, which must name a known client (else the error page).
    static func client(_ ids: [String], _ lookup: (String) throws -> OAuthClient?) throws -> OAuthClient {
        guard ids.count <= 1 else { throw OAuthAuthorizationError.page("client_id is repeated") }
        guard let id = ids.first else { throw OAuthAuthorizationError.page("The request names no client (client_id)") }
        guard id.utf8.count <= maximumValueLength, let client = try lookup(id) else {
            throw OAuthAuthorizationError.page("This app is not known to this server (unknown client_id)")
        }
        return client
    }

    /// Where answers go: the one `redirect_uri`, which must match one the client registered
    /// (``OAuthRedirectURI/matches(registered:requested:)``: exact, a loopback one on any port),
    /// or the client's only registered URI when it was omitted (else the error page).
    static func redirect(_ uris: [String], of client: OAuthClient) throws -> (String, String?) {
        guard uris.count <= 1 else { throw OAuthAuthorizationError.page("redirect_uri is repeated") }
        guard let requested = uris.first else {
            guard client.redirectURIs.count == 1 else {
                throw OAuthAuthorizationError.page("The app registered several redirect URIs and named none")
            }
            return (client.redirectURIs[0], nil)
        }
        guard requested.utf8.count <= maximumValueLength, client.redirectURI(for: requested) != nil else {
            throw OAuthAuthorizationError.page("The redirect URI does not match any the app registered")
        }
        return (requested, requested)
    }

    /// The PKCE challenge: required, method S256 only (`plain` or none is refused), 43 base64url
    /// characters.
    static func codeChallenge(
        _ challenge: String?, method: String?, refuse: (String, String) -> OAuthAuthorizationError
    ) throws -> String {
        guard let challenge else { throw refuse("invalid_request", "code_challenge is required (PKCE)") }
        guard method == "S256" else { throw refuse("invalid_request", "code_challenge_method must be S256") }
        guard challenge.utf8.count == 43, challenge.utf8.allSatisfy(isBase64URL) else {
            throw refuse("invalid_request", "code_challenge must be 43 base64url characters")
        }
        return challenge
    }

    static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
