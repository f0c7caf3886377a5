/// What redeeming an authorization code led to.
public enum OAuthRedemption: Sendable, Equatable {
    /// The code was good: a grant (session + refresh family + first refresh token) is open.
    case issued(OAuthGrant, subject: SessionSubject, refreshToken: OpaqueToken)
    /// Unknown, expired, another client's, wrong redirect URI or verifier, a deleted client, a
    /// disabled user: nothing changed.
    case invalid
    /// The code was redeemed before: the grant that redemption opened is now revoked.
    case reused
    /// The request named another resource than the code's; nothing changed.
    case resourceMismatch
}
