/// A refused authorization request (RFC 6749 §4.1.2.1) and how the browser learns of it: on the
/// error page when the client or its redirect URI cannot be trusted (never a redirect, so
/// Gatehouse is no open redirector), else by a redirect to the client's redirect URI.
public struct OAuthAuthorizationError: Error, Sendable, Equatable {
    /// Where the refusal is shown.
    public enum Delivery: Sendable, Equatable {
        /// Gatehouse's own error page (unknown client, redirect URI that does not match).
        case page
        /// A 303 to the client's redirect URI with `error`, `error_description`, `state`, `iss`.
        case redirect(uri: String, state: String?)
    }

    /// The RFC 6749 error code: `invalid_request`, `unsupported_response_type`, `invalid_scope`,
    /// `invalid_target`, `access_denied`, `unauthorized_client`.
    public let code: String
    /// A short secret-free description (`error_description`, or the page's text).
    public let description: String
    /// Where the refusal goes.
    public let delivery: Delivery

    /// A refusal.
    public init(_ code: String, _ description: String, delivery: Delivery) {
        self.code = code
        self.description = description
        self.delivery = delivery
    }

    /// A refusal shown on the error page.
    public static func page(_ description: String) -> OAuthAuthorizationError {
        OAuthAuthorizationError("invalid_request", description, delivery: .page)
    }

    /// The `Location` of a redirected refusal (nil for the page): `error`, `error_description`,
    /// `state` when the request had one, and `iss` (RFC 9207), each once.
    public func location(issuer: String) -> String? {
        guard case .redirect(let uri, let state) = delivery else { return nil }
        var parameters = [("error", code), ("error_description", description)]
        if let state { parameters.append(("state", state)) }
        parameters.append(("iss", issuer))
        return OAuthAuthorizationRequest.location(uri, parameters)
    }
}
