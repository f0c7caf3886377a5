internal import Crypto

/// Who is calling the token and revocation endpoints (RFC 6749 §2.3, OAuth 2.1 §2.4): a public
/// client names itself with `client_id`; a confidential client authenticates with
/// `client_secret_basic` (HTTP Basic, both parts form-urlencoded) or `client_secret_post`
/// (`client_id` + `client_secret` in the body). One method per request. The secret is compared as
/// SHA-256 hex in constant time; a refusal is 401 `invalid_client` (with `WWW-Authenticate: Basic`
/// when Basic was tried) and writes nothing.
public enum OAuthClientAuthentication {
    /// The outcome: the client, or Gatehouse's own sign-in (no `client_id` at all).
    public enum Caller: Sendable, Equatable {
        case firstParty
        case client(OAuthClient)

        /// The client id tokens are bound to.
        public var id: String {
            switch self {
            case .firstParty: SessionStore.firstPartyClient
            case .client(let client): client.id
            }
        }
    }

    /// The credentials a request presents, before any lookup.
    struct Presented: Equatable {
        var clientID: String
        var secret: String?
        var usedBasic: Bool
    }

    /// Authenticates the caller of a token or revocation request: one round trip for a named
    /// client (``OAuthClientStore/client(_:context:)``), none for a request that names no client
    /// (`allowFirstParty`: the refresh grant of Gatehouse's own sessions).
    public static func authenticate(
        _ form: [(name: String, value: String)], _ request: APIRequest, _ context: HandlerContext,
        allowFirstParty: Bool
    ) throws -> Caller {
        guard let presented = try presented(form, request) else {
            if allowFirstParty { return .firstParty }
            throw GatehouseError.invalidRequest("client_id is required")
        }
        if allowFirstParty, presented.clientID == SessionStore.firstPartyClient, presented.secret == nil {
            return .firstParty
        }
        let refusal = failure(basic: presented.usedBasic)
        guard let client = try OAuthClientStore.client(presented.clientID, context: context) else { throw refusal }
        if client.isConfidential {
            guard let secret = presented.secret, let stored = client.secretHashHex,
                ConstantTime.equals(Hex.encode(SHA256.hash(data: Array(secret.utf8))), stored)
            else { throw refusal }
        }
        return .client(client)
    }

    /// The client id and secret a request presents; nil when it names no client. 400 when it
    /// uses two methods at once or the Basic credentials are malformed; 401 when a `client_id`
    /// in the body contradicts the Basic one.
    static func presented(_ form: [(name: String, value: String)], _ request: APIRequest) throws -> Presented? {
        let bodyID = try OAuthRoutes.single("client_id", in: form)
        let bodySecret = try OAuthRoutes.single("client_secret", in: form)
        if let header = request.headers["authorization"], header.utf8.count > 6,
            String(header.prefix(6)).asciiLowercased == "basic "
        {
            guard bodySecret == nil else {
                throw GatehouseError.invalidRequest("Use one client authentication method, not two")
            }
            guard let (id, secret) = basicCredentials(header.dropFirst(6).trimmingASCIIWhitespace()) else {
                throw failure(basic: true)
            }
            if let bodyID, bodyID != id { throw failure(basic: true) }
            return Presented(clientID: id, secret: secret, usedBasic: true)
        }
        guard let bodyID, !bodyID.isEmpty else {
            if bodySecret != nil { throw GatehouseError.invalidRequest("client_secret without client_id") }
            return nil
        }
        return Presented(clientID: bodyID, secret: bodySecret, usedBasic: false)
    }

    /// `base64(urlencode(id) ":" urlencode(secret))` → (id, secret); nil when malformed.
    static func basicCredentials(_ encoded: String) -> (String, String)? {
        guard encoded.utf8.count <= 1024, let bytes = Base64.decode(encoded) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"),
            let id = FormURLEncoded.percentDecode(text[..<colon], plusAsSpace: true),
            let secret = FormURLEncoded.percentDecode(text[text.index(after: colon)...], plusAsSpace: true),
            !id.isEmpty
        else { return nil }
        return (id, secret)
    }

    /// 401 `invalid_client`, with the Basic challenge when the client tried Basic (RFC 6749 §5.2).
    static func failure(basic: Bool) -> GatehouseError {
        GatehouseError(
            status: 401, code: "authentication_error", message: "Client authentication failed",
            headers: basic ? ["WWW-Authenticate": "Basic realm=\"gatehouse\", charset=\"UTF-8\""] : [:],
            oauthCode: "invalid_client")
    }
}
