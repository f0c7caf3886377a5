/// A refused authentication, with what is known about whom it was for (for the audit record).
public struct AuthenticationFailure: Error, Sendable {
    /// The answer: 401, 403 `app_mismatch`, 429.
    public var error: GatehouseError
    /// The credential type presented, if any.
    public var credentialType: Principal.CredentialType?
    /// The tenant of a stored credential that matched but was refused (revoked, expired…).
    public var tenant: String?
    /// The id of that credential.
    public var keyID: String?
    /// Its display prefix.
    public var keyPrefix: String?
}
