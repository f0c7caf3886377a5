/// Client metadata (RFC 7591 §2) as a registration request or a client ID metadata document sends
/// it, validated field by field. Pure: ``parse(_:source:)`` either yields every field Gatehouse
/// keeps or throws the RFC 7591 §3.2.2 error naming the first bad one; unknown fields are ignored.
public struct OAuthClientMetadata: Sendable, Equatable {
    /// Where the metadata comes from; a metadata document may not ask for a client secret.
    public enum Source: Sendable, Equatable {
        /// A `POST /oauth/register` body (or the CLI).
        case registration
        /// The client ID metadata document fetched from this URL; its `client_id` must equal it.
        case document(url: String)
    }

    /// The largest registration body accepted (larger → 400 `invalid_client_metadata`).
    public static let maximumRegistrationSize = 8 * 1024
    /// The most redirect URIs one client may register.
    public static let maximumRedirectURIs = 10
    /// The longest `client_name`, in characters.
    public static let maximumNameLength = 100

    public var name: String
    public var redirectURIs: [String]
    public var authMethod: OAuthClient.AuthMethod
    public var applicationType: OAuthClient.ApplicationType
    public var scope: ScopeSet?
    public var clientURI: String?

    /// The metadata of a JSON object.
    ///
    /// - Throws: ``GatehouseError`` 400 `invalid_redirect_uri` for a bad redirect URI,
    ///   `invalid_client_metadata` for any other bad field.
    public static func parse(_ object: JSONObject, source: Source) throws(GatehouseError) -> OAuthClientMetadata {
        if case .document(let url) = source {
            guard object["client_id"]?.stringValue.map({ $0.utf8.elementsEqual(url.utf8) }) == true else {
                throw invalid("client_id must equal the document's URL")
            }
        }
        let applicationType = try applicationType(object["application_type"])
        try check(object["grant_types"], name: "grant_types", allowed: ["authorization_code", "refresh_token"])
        try check(object["response_types"], name: "response_types", allowed: ["code"])
        return OAuthClientMetadata(
            name: try name(object["client_name"]),
            redirectURIs: try redirectURIs(object["redirect_uris"], applicationType: applicationType),
            authMethod: try authMethod(object["token_endpoint_auth_method"], source: source),
            applicationType: applicationType, scope: try scope(object["scope"]),
            clientURI: try clientURI(object["client_uri"]))
    }

    /// The metadata of a request body: at most ``maximumRegistrationSize`` bytes of a JSON object.
    public static func parse(body: some Collection<UInt8>, source: Source) throws(GatehouseError)
        -> OAuthClientMetadata
    {
        guard body.count <= maximumRegistrationSize else {
            throw invalid("The client metadata exceeds \(maximumRegistrationSize) bytes")
        }
        guard let object = (try? JSONValue.parse(body))?.objectValue else {
            throw invalid("The client metadata must be a JSON object")
        }
        return try parse(object, source: source)
    }

    /// 400 `invalid_client_metadata` (RFC 7591 §3.2.2).
    public static func invalid(_ message: String) -> GatehouseError {
        GatehouseError(status: 400, code: "invalid_request", message: message, oauthCode: "invalid_client_metadata")
    }

    /// 400 `invalid_redirect_uri` (RFC 7591 §3.2.2).
    public static func invalidRedirect(_ message: String) -> GatehouseError {
        GatehouseError(status: 400, code: "invalid_request", message: message, oauthCode: "invalid_redirect_uri")
    }

    // MARK: Fields

    private static func name(_ value: JSONValue?) throws(GatehouseError) -> String {
        guard let value else { return "" }
        guard let text = value.stringValue, text.count <= maximumNameLength,
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.value == 0x7F })
        else {
            throw invalid("client_name must be a string of at most \(maximumNameLength) characters without control characters")
        }
        return text
    }

    private static func redirectURIs(
        _ value: JSONValue?, applicationType: OAuthClient.ApplicationType
    ) throws(GatehouseError) -> [String] {
        guard let items = value?.arrayValue, !items.isEmpty else {
            throw invalidRedirect("redirect_uris must be a non-empty array")
        }
        guard items.count <= maximumRedirectURIs else {
            throw invalidRedirect("At most \(maximumRedirectURIs) redirect_uris")
        }
        var uris: [String] = []
        for item in items {
            guard let uri = item.stringValue else { throw invalidRedirect("Every redirect URI must be a string") }
            if let problem = OAuthRedirectURI.problem(with: uri, applicationType: applicationType) {
                throw invalidRedirect("redirect_uris[\(uris.count)] \(problem)")
            }
            if !uris.contains(where: { $0.utf8.elementsEqual(uri.utf8) }) { uris.append(uri) }
        }
        return uris
    }

    private static func authMethod(_ value: JSONValue?, source: Source) throws(GatehouseError) -> OAuthClient.AuthMethod {
        guard let value else { return source == .registration ? .clientSecretBasic : .none }
        guard let text = value.stringValue, let method = OAuthClient.AuthMethod(rawValue: text) else {
            throw invalid("token_endpoint_auth_method must be none, client_secret_basic or client_secret_post")
        }
        guard source == .registration || method == .none else {
            throw invalid("A client ID metadata document describes a public client: token_endpoint_auth_method none")
        }
        return method
    }

    private static func applicationType(_ value: JSONValue?) throws(GatehouseError) -> OAuthClient.ApplicationType {
        guard let value else { return .web }
        guard let type = value.stringValue.flatMap(OAuthClient.ApplicationType.init) else {
            throw invalid("application_type must be web or native")
        }
        return type
    }

    private static func check(_ value: JSONValue?, name: String, allowed: [String]) throws(GatehouseError) {
        guard let value else { return }
        guard let items = value.arrayValue, !items.isEmpty, items.count <= 8,
            items.allSatisfy({ $0.stringValue.map(allowed.contains) == true })
        else {
            throw invalid("\(name) must be a non-empty array of \(allowed.joined(separator: ", "))")
        }
    }

    private static func scope(_ value: JSONValue?) throws(GatehouseError) -> ScopeSet? {
        guard let value else { return nil }
        guard let text = value.stringValue, text.utf8.count <= 1024, let scopes = ScopeSet(parsing: text) else {
            throw invalid("scope must be a space-separated list of resource:action scopes")
        }
        return scopes.isEmpty ? nil : scopes
    }

    private static func clientURI(_ value: JSONValue?) throws(GatehouseError) -> String? {
        guard let value else { return nil }
        guard let text = value.stringValue, text.utf8.count <= OAuthRedirectURI.maximumLength,
            text.asciiLowercased.hasPrefix("https://"),
            OAuthRedirectURI.problem(with: text, applicationType: .web) == nil
        else { throw invalid("client_uri must be an https URL of at most 512 bytes") }
        return text
    }
}
